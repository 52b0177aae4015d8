package lstmjob.model.load;

/**
 * The shape of a tensor flowing between layers, per key: its feature count (the last axis) and its rank with the
 * batch axis (3 with a time axis, 2 after a recurrent layer that returns only its last output); for the model's
 * id input, one id per timestep below {@code vocabulary} (0 for any other tensor); and whether a mask (from
 * Masking or Embedding(mask_zero=True)) comes with it that no recurrent layer has consumed yet, which layers that
 * do not support masking (a convolution over time) refuse: Keras 2 and Keras 3 treat such a mask differently.
 */
record Shape(int size, int rank, int vocabulary, boolean mask) {

    Shape(int size, int rank) {
        this(size, rank, 0, false);
    }

    /** The shape of the model's input: {@code features} per timestep. */
    static Shape timesteps(int features) {
        return new Shape(features, 3);
    }

    /** The shape of an id input: one id per timestep, {@code 0 <= id < vocabulary}. */
    static Shape ids(int vocabulary) {
        return new Shape(1, 3, vocabulary, false);
    }

    /** The same rank (and mask) with another feature count. */
    Shape withSize(int newSize) {
        return new Shape(newSize, rank, 0, mask);
    }

    /** The same tensor with a mask on it ({@code true}), or without one. */
    Shape withMask(boolean masked) {
        return new Shape(size, rank, vocabulary, masked);
    }

    /** After a recurrent layer of {@code units}: the time axis goes unless it returns sequences. */
    Shape afterRecurrent(int units, boolean returnSequences) {
        return new Shape(units, returnSequences ? rank : 2);
    }
}
