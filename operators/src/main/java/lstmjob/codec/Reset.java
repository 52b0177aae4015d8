package lstmjob.codec;

/** A key's state was reset to zeros after {@code steps} timesteps, for {@code reason}. */
public record Reset(String key, long steps, String reason) implements Output {
    public static final String END = "end";
    public static final String CONTROL = "control";
    public static final String EXPIRED = "expired";
    /** The job was restarted with a model of another state layout (--on-state-mismatch reset). */
    public static final String MODEL_CHANGED = "model-changed";
}
