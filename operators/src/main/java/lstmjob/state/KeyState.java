package lstmjob.state;

/**
 * Everything the job keeps for one key: the model's recurrent state (one flat float32 array laid out per the
 * model's StateLayout), the timesteps since the last reset, the last {@code seq} applied, and when the key was
 * last active. Mutable: the operator updates it in place and writes it back to Flink state.
 */
public final class KeyState {
    public final float[] state;
    public long steps;
    public boolean hasSeq;
    public long lastSeq;
    public long lastActive;

    public KeyState(float[] state, long steps, boolean hasSeq, long lastSeq, long lastActive) {
        this.state = state;
        this.steps = steps;
        this.hasSeq = hasSeq;
        this.lastSeq = lastSeq;
        this.lastActive = lastActive;
    }

    public static KeyState fresh(int floats) {
        return new KeyState(new float[floats], 0, false, 0, 0);
    }

    /** Zeroes the recurrent state and the step count; the last seq is kept (CONTRACT.md). */
    public void reset() {
        java.util.Arrays.fill(state, 0f);
        steps = 0;
    }
}
