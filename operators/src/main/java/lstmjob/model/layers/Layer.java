package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * One layer of a loaded model: immutable weights plus a step over a batch of rows, one row per key. The base
 * owns what every layer has (its name, type, sizes and parameter count); a subclass is a constructor and a
 * step. Layers hold no mutable fields, so one instance serves every thread; per-thread buffers live in the
 * scratch object each layer makes for itself.
 */
public abstract class Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int outputSize;
    private final long parameterCount;

    protected Layer(String name, String type, int inputSize, int outputSize, long parameterCount) {
        this.name = name;
        this.type = type;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.parameterCount = parameterCount;
    }

    /** The layer's name in the model file. */
    public final String name() {
        return name;
    }

    /** The Keras class name, e.g. {@code LSTM}, {@code Dense}. */
    public final String type() {
        return type;
    }

    /** Floats per row that {@link #step} reads. */
    public final int inputSize() {
        return inputSize;
    }

    /** Floats per row that {@link #step} writes. */
    public final int outputSize() {
        return outputSize;
    }

    /** The weights the model file holds for this layer, as Keras counts them. */
    public final long parameterCount() {
        return parameterCount;
    }

    /**
     * How many state vectors a key carries for this layer: 2 for LSTM (h, c), 1 for GRU/SimpleRNN (h), (k-1)·d
     * past inputs for a causal convolution, else 0.
     */
    public int stateVectors() {
        return 0;
    }

    /** Floats per state vector: the output size for the recurrent layers (h and c are outputs' width). */
    public int stateSize() {
        return outputSize;
    }

    /** Buffers for stepping up to {@code maxRows} rows at once on one thread; null when none are needed. */
    public Object newScratch(int maxRows) {
        return null;
    }

    /**
     * Steps one timestep for {@code in.numRows} rows.
     *
     * @param in      rows × inputSize
     * @param out     rows × outputSize, already shaped; fully overwritten
     * @param state   this layer's {@link #stateVectors()} matrices, rows × stateSize, updated in place
     * @param mask    which rows are masked at this timestep (set by Masking, consumed by recurrent layers)
     * @param scratch what {@link #newScratch(int)} returned on this thread
     */
    public abstract void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch);

    /** Applies {@code activation} to each of the first {@code rows} rows of {@code v}, {@code size} floats apart. */
    protected static void perRow(Activation activation, float[] v, int rows, int size) {
        for (int r = 0; r < rows; r++) {
            activation.apply(v, r * size, (r + 1) * size);
        }
    }
}
