package lstmjob.model.load;

/**
 * Why one layer cannot be served; {@link ModelBuilder} turns it into a {@code ModelLoadException} prefixed
 * with the file and the layer's name and class, so the reason itself stays short. A refusal {@link #blocks()}
 * when the layer needs more than the timesteps seen so far (the whole window, or the sequence's end), which no
 * version of this job could serve, as opposed to a layer or configuration it does not support.
 */
final class LayerRefusal extends RuntimeException {

    private final boolean blocks;

    LayerRefusal(String reason) {
        this(reason, false);
    }

    private LayerRefusal(String reason, boolean blocks) {
        super(reason, null, false, false);
        this.blocks = blocks;
    }

    /** A layer that cannot be computed one timestep at a time, for {@code reason}. */
    static LayerRefusal blocking(String reason) {
        return new LayerRefusal(reason, true);
    }

    boolean blocks() {
        return blocks;
    }
}
