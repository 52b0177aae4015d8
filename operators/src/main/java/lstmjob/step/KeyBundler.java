package lstmjob.step;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.function.Consumer;
import lstmjob.codec.InputRecord;
import lstmjob.codec.Output;
import lstmjob.model.ModelStepper;
import lstmjob.state.KeyState;

/**
 * Key bundling: holds records, then applies them together, stepping the timesteps of distinct keys in one
 * matrix-matrix step of the model per bundle of up to {@link ModelStepper#maxRows()} keys. Each key's records are
 * applied in order through {@link StepLogic}, so its outputs come out in order; the keys' states are read and
 * written through {@link KeyStates}. Whoever holds records decides when to {@link #flush}: {@link #hold} says when
 * the bundle is full. Everything is reused from flush to flush; stepping allocates nothing.
 */
public final class KeyBundler {

    /** Where the bundler reads and keeps the keys' states (the operator's keyed state; a map in tests). */
    public interface KeyStates {
        /** The key's state, or null for a key with none. */
        KeyState load(String key) throws Exception;

        /**
         * Keeps the key's state after its held records (nothing to keep when {@code st} is null).
         *
         * @param previousActivity the key's last activity before them, -1 for a key that had no state
         */
        void store(String key, KeyState st, long previousActivity) throws Exception;
    }

    private final StepLogic logic;
    private final ModelStepper stepper;
    private final int bundleSize;
    private final KeyStates states;
    private final Consumer<Output> emit;

    /** The held keys' cursors, in arrival order in {@code [0, heldKeys)}; the rest are kept for reuse. */
    private KeyCursor[] cursors = new KeyCursor[0];

    private final HashMap<String, KeyCursor> heldByKey = new HashMap<>();
    private int heldKeys;
    private int heldRecords;

    /** The rows of one bundled step. */
    private final float[][] inputs;

    private final float[][] rowStates;
    private final float[][] outputs;
    private final KeyCursor[] rowCursors;
    private int rows;

    public KeyBundler(StepLogic logic, ModelStepper stepper, KeyStates states, Consumer<Output> emit) {
        this.logic = logic;
        this.stepper = stepper;
        this.bundleSize = stepper.maxRows();
        this.states = states;
        this.emit = emit;
        this.inputs = new float[bundleSize][];
        this.rowStates = new float[bundleSize][];
        this.outputs = new float[bundleSize][stepper.model().outputSize()];
        this.rowCursors = new KeyCursor[bundleSize];
    }

    /**
     * Holds a record until the next flush.
     *
     * @return true when the bundle is full (a bundle's worth of keys, or four times as many records): flush now
     */
    public boolean hold(InputRecord r) {
        KeyCursor c = heldByKey.get(r.key());
        if (c == null) {
            c = nextCursor(r.key());
            heldByKey.put(r.key(), c);
        }
        c.records.add(r);
        heldRecords++;
        return heldKeys >= bundleSize || heldRecords >= 4 * bundleSize;
    }

    public boolean isEmpty() {
        return heldRecords == 0;
    }

    /** Applies every held record: in rounds, each round stepping the next timestep of every key that has one. */
    public void flush(long now) throws Exception {
        if (heldRecords == 0) {
            return;
        }
        int active = heldKeys;
        for (int i = 0; i < active; i++) {
            cursors[i].start(states.load(cursors[i].key));
        }
        heldByKey.clear();
        heldKeys = 0;
        heldRecords = 0;
        while (active > 0) {
            int kept = 0;
            for (int i = 0; i < active; i++) {
                KeyCursor c = cursors[i];
                float[] x = c.nextTimestep(now);
                if (x == null) {
                    continue; // done: it moves behind the active ones
                }
                cursors[i] = cursors[kept];
                cursors[kept++] = c;
                inputs[rows] = x;
                rowStates[rows] = c.st.state;
                rowCursors[rows++] = c;
                if (rows == bundleSize) {
                    stepBundle();
                }
            }
            stepBundle(); // a key has one row per round: its next timestep needs this one's state
            active = kept;
        }
    }

    private void stepBundle() {
        if (rows == 0) {
            return;
        }
        stepper.step(rows, inputs, rowStates, outputs);
        logic.counters().bundleRows().update(rows);
        for (int r = 0; r < rows; r++) {
            rowCursors[r].stepped(outputs[r]);
            rowCursors[r] = null;
            inputs[r] = null;
            rowStates[r] = null;
        }
        rows = 0;
    }

    private KeyCursor nextCursor(String key) {
        if (heldKeys == cursors.length) {
            cursors = Arrays.copyOf(cursors, Math.max(8, 2 * heldKeys));
        }
        if (cursors[heldKeys] == null) {
            cursors[heldKeys] = new KeyCursor();
        }
        KeyCursor c = cursors[heldKeys++];
        c.key = key;
        return c;
    }

    /** One key's held records being applied: where it is in them, and its state. */
    private final class KeyCursor {
        final ArrayDeque<InputRecord> records = new ArrayDeque<>();
        String key;
        long previousActivity;
        KeyState st;
        InputRecord record;
        int t;

        void start(KeyState loaded) {
            st = loaded;
            previousActivity = loaded == null ? -1 : loaded.lastActive;
        }

        /** Applies the key's records up to its next timestep and returns it; null when all are applied (and kept). */
        float[] nextTimestep(long now) throws Exception {
            while (true) {
                if (record != null && record.kind() == InputRecord.Kind.SAMPLE && st != null && t < record.x().length) {
                    return record.x()[t];
                }
                if (record != null) {
                    st = logic.finish(st, record, now, emit);
                    record = null;
                }
                InputRecord next = records.poll();
                if (next == null) {
                    states.store(key, st, previousActivity);
                    st = null;
                    key = null;
                    return null;
                }
                if (StepLogic.isReplay(st, next)) {
                    logic.counters().replaysDropped().inc();
                    continue;
                }
                st = logic.begin(st, next, emit);
                record = next;
                t = 0;
            }
        }

        void stepped(float[] y) {
            logic.stepped(st, record, y, emit);
            t++;
        }
    }
}
