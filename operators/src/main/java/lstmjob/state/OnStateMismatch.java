package lstmjob.state;

/** What to do with saved key states written by a model whose state layout differs from the current model's. */
public enum OnStateMismatch {
    /** Refuse to start from such a savepoint, naming the layers and sizes that differ (the default). */
    FAIL,
    /**
     * Start each such key from zeros when it next appears, with a {@code reset} record of reason
     * {@code model-changed}.
     */
    RESET;

    public static OnStateMismatch parse(String s) {
        return switch (s) {
            case "fail" -> FAIL;
            case "reset" -> RESET;
            default -> throw new IllegalArgumentException("on-state-mismatch must be fail or reset, got '" + s + "'");
        };
    }
}
