package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * A layer that reads several tensors of one timestep and merges them into one (Keras Concatenate, Add, Multiply
 * ...). Weightless and stateless; the stepper calls {@link #merge} instead of {@link #step}. Its input size is that
 * of its first input.
 */
public abstract class MergeLayer extends Layer {

    private final int inputs;

    protected MergeLayer(String name, String type, int firstInputSize, int outputSize, int inputs) {
        super(name, type, firstInputSize, outputSize, 0);
        this.inputs = inputs;
    }

    /** How many tensors it reads. */
    public final int inputCount() {
        return inputs;
    }

    /**
     * Merges one timestep for {@code out.numRows} rows.
     *
     * @param in  the tensors, rows × their size each, in the order the layer takes them
     * @param out rows × outputSize, already shaped; fully overwritten
     */
    public abstract void merge(FMatrixRMaj[] in, FMatrixRMaj out);

    /** A merge reads several tensors: the stepper never calls the one-input step. */
    @Override
    public final void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        throw new UnsupportedOperationException(type() + " '" + name() + "' reads several tensors: call merge");
    }
}
