package lstmjob.model.load.onnx;

/**
 * Why one ONNX node (or the graph around it) cannot be served; the reader collects them into one message naming
 * every node. A refusal {@link #blocks()} when the node needs the whole sequence (a backward direction, attention),
 * which no version of a one-timestep-at-a-time job could serve, as opposed to an operator it does not support.
 */
final class OnnxRefusal extends RuntimeException {

    private final boolean blocks;

    OnnxRefusal(String reason) {
        this(reason, false);
    }

    private OnnxRefusal(String reason, boolean blocks) {
        super(reason, null, false, false);
        this.blocks = blocks;
    }

    static OnnxRefusal blocking(String reason) {
        return new OnnxRefusal(reason, true);
    }

    boolean blocks() {
        return blocks;
    }
}
