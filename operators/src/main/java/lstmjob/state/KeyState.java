package lstmjob.state;

/**
 * Everything the job keeps for one key: the model's recurrent state (one flat float array laid out per the
 * model's StateLayout, whose {@link lstmjob.model.StateLayout#tag() tag} is kept beside it), the timesteps since
 * the last reset, the last {@code seq} applied, and when the key was last active. Mutable: the operator updates
 * it in place and writes it back to Flink state.
 */
public final class KeyState {
    public final float[] state;
    /** The tag of the state layout that wrote {@link #state}; another model's tag means the model changed. */
    public final int layout;

    public long steps;
    public boolean hasSeq;
    public long lastSeq;
    public long lastActive;

    public KeyState(float[] state, int layout, long steps, boolean hasSeq, long lastSeq, long lastActive) {
        this.state = state;
        this.layout = layout;
        this.steps = steps;
        this.hasSeq = hasSeq;
        this.lastSeq = lastSeq;
        this.lastActive = lastActive;
    }

    public static KeyState fresh(lstmjob.model.StateLayout layout) {
        return new KeyState(new float[layout.floats()], layout.tag(), 0, false, 0, 0);
    }

    /** Zeroes the recurrent state and the step count; the last seq is kept (docs/wire-format.md). */
    public void reset() {
        java.util.Arrays.fill(state, 0f);
        steps = 0;
    }
}
