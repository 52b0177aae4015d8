package lstmjob.codec;

/**
 * One decoded input record (see CONTRACT.md): a sample of one or more timesteps, or a control record.
 * {@code x} holds the timesteps already rounded to float32; it is empty for control records.
 */
public record Sample(Kind kind, String key, float[][] x, boolean hasSeq, long seq, boolean end, boolean hasTs, long ts) {

    public enum Kind {
        /** One or more timesteps to apply. */
        SAMPLE,
        /** Reset the key's state now, with no step. */
        RESET
    }

    static final float[][] NO_STEPS = new float[0][];
}
