package lstmjob.codec;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One decoded input record (see docs/wire-format.md): a sample of one or more timesteps, or
 * a control record. {@code x} holds the timesteps already rounded to float32; it is empty for control records.
 * {@code states} is the flat state a {@code set-state} record sets (laid out per the model's StateLayout), and
 * {@code step} the step count it sets; both are unused otherwise. {@code arrivedMillis} is when the job decoded it
 * (processing time, epoch ms; 0 when unknown), from which the step operator measures the prediction latency.
 * Between the decoder and the step operator it travels as {@link InputRecordSerializer} writes it.
 */
@TypeInfo(InputRecordTypeInfo.class)
public record InputRecord(
        Kind kind,
        String key,
        float[][] x,
        boolean hasSeq,
        long seq,
        boolean end,
        boolean hasTs,
        long ts,
        float[] states,
        long step,
        long arrivedMillis) {

    public enum Kind {
        /** One or more timesteps to apply. */
        SAMPLE,
        /** Reset the key's state now, with no step. */
        RESET,
        /** Report the key's current state on the states output. */
        GET_STATE,
        /** Replace the key's state. */
        SET_STATE
    }

    static final float[][] NO_STEPS = new float[0][];

    /** A sample of timesteps (the common case). */
    public static InputRecord of(
            String key, float[][] x, boolean hasSeq, long seq, boolean end, boolean hasTs, long ts) {
        return new InputRecord(Kind.SAMPLE, key, x, hasSeq, seq, end, hasTs, ts, null, 0, 0);
    }
}
