package lstmjob.codec;

import lstmjob.model.StateLayout;

/**
 * A key's state, reported for a {@code get-state} record: the recurrent state (flat, per {@code layout}), the
 * step count since the last reset, and the last seq applied. Goes to the states output, not the predictions.
 */
public record StateReport(String key, float[] state, StateLayout layout, long steps, boolean hasSeq, long lastSeq)
        implements Output {}
