package lstmjob.codec;

/** The model's output for one timestep of one key; {@code step} counts timesteps since the key's last reset, from 1. */
public record Prediction(String key, boolean hasSeq, long seq, long step, float[] y, boolean hasTs, long ts)
        implements Output {}
