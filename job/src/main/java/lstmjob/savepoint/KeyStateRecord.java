package lstmjob.savepoint;

import lstmjob.state.KeyState;

/**
 * One key's entry of the step operator's keyed state, with its key, as it travels through the State Processor API
 * jobs and the states files. A Flink POJO (public fields, no-argument constructor), so Flink serializes it without
 * Kryo; {@code state} is the flat float array laid out per the model's {@link lstmjob.model.StateLayout}.
 */
public final class KeyStateRecord {

    public String key;
    public float[] state;
    /** The {@link lstmjob.model.StateLayout#tag() tag} of the layout that wrote {@link #state}. */
    public int layout;

    public long steps;
    public boolean hasSeq;
    public long lastSeq;
    public long lastActive;
    /**
     * The key's processing-time timers in the savepoint (the job's idle-expiry timers), carried over when the
     * key's state is; none for states from a file.
     */
    public long[] timers = new long[0];
    /** Read from a states file (an import), rather than from a savepoint. */
    public boolean fromFile;

    public KeyStateRecord() {}

    public KeyStateRecord(
            String key, float[] state, int layout, long steps, boolean hasSeq, long lastSeq, long lastActive) {
        this.key = key;
        this.state = state;
        this.layout = layout;
        this.steps = steps;
        this.hasSeq = hasSeq;
        this.lastSeq = lastSeq;
        this.lastActive = lastActive;
    }

    public static KeyStateRecord of(String key, KeyState s) {
        return new KeyStateRecord(key, s.state, s.layout, s.steps, s.hasSeq, s.lastSeq, s.lastActive);
    }

    /**
     * A key's imported state on top of its state in the savepoint: the file's recurrent state, step and seq; the
     * savepoint's last activity and timers, so that the key's idle expiry stays as the job scheduled it.
     */
    public static KeyStateRecord merge(KeyStateRecord a, KeyStateRecord b) {
        if (a.fromFile == b.fromFile) {
            throw new IllegalStateException("key " + a.key + " twice from the " + (a.fromFile ? "file" : "savepoint"));
        }
        KeyStateRecord file = a.fromFile ? a : b;
        KeyStateRecord saved = a.fromFile ? b : a;
        KeyStateRecord m = new KeyStateRecord(
                file.key, file.state, file.layout, file.steps, file.hasSeq, file.lastSeq, saved.lastActive);
        m.timers = saved.timers;
        m.fromFile = true;
        return m;
    }

    public KeyState toKeyState() {
        return new KeyState(state, layout, steps, hasSeq, lastSeq, lastActive);
    }
}
