package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * One layer of a loaded model: immutable weights plus a step over a batch of rows, one row per key.
 * Layers hold no mutable fields, so one instance serves every thread; per-thread buffers live in the
 * scratch object each layer makes for itself.
 */
public interface Layer {

    /** The layer's name in the model file. */
    String name();

    /** The Keras class name, e.g. {@code LSTM}, {@code Dense}. */
    String type();

    int inputSize();

    int outputSize();

    long parameterCount();

    /** How many state vectors a key carries for this layer: 2 for LSTM (h, c), 1 for GRU/SimpleRNN (h), else 0. */
    default int stateVectors() {
        return 0;
    }

    /** Floats per state vector. */
    default int stateSize() {
        return outputSize();
    }

    /** Buffers for stepping up to {@code maxRows} rows at once on one thread; null when none are needed. */
    default Object newScratch(int maxRows) {
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
    void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch);
}
