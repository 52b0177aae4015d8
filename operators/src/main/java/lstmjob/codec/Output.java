package lstmjob.codec;

/** A record the step operator emits for one key: a {@link Prediction}, a {@link Reset} or a {@link StateReport}. */
public sealed interface Output permits Prediction, Reset, StateReport {
    String key();
}
