package lstmjob.codec;

/** A record the step operator emits for one key: a {@link Prediction} or a {@link Reset}. */
public sealed interface Output permits Prediction, Reset {
    String key();
}
