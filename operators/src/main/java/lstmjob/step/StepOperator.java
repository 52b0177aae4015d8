package lstmjob.step;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lstmjob.codec.Output;
import lstmjob.codec.InputRecord;
import lstmjob.codec.StateReport;
import lstmjob.model.Model;
import lstmjob.model.ModelStepper;
import lstmjob.state.KeyState;
import lstmjob.state.OnStateMismatch;
import lstmjob.state.StateSerializer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The keyed step operator. Per key, the model's recurrent state, step count, last seq and last activity live in
 * one Flink ValueState written by {@link StateSerializer}; each record is applied by {@link StepLogic}.
 *
 * <p>Key bundling: records are held briefly and the timesteps of distinct keys are stepped together, one
 * matrix-matrix step of the model per bundle of up to {@link StepOptions#bundleSize()} keys. Each key's records
 * are still applied in order, and its outputs come out in order. Held records are flushed when the bundle is
 * full, when the oldest has waited {@link StepOptions#bundleWait()}, before every checkpoint barrier, and at
 * the end of input, so no record is held longer than the wait and none is ever in a snapshot. A bundle size
 * of 1 applies every record at once.
 *
 * <p>Predictions and resets are the main output; state reports (get-state) go to {@link #STATES}. With a state
 * TTL, a processing-time timer per key drops idle keys with an {@code expired} reset.
 */
public final class StepOperator extends AbstractStreamOperator<Output>
        implements OneInputStreamOperator<InputRecord, Output>, BoundedOneInput, Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    /** The state's name; also what the State Processor API reads. */
    public static final String STATE_NAME = "key-state";

    public static final OutputTag<StateReport> STATES = new OutputTag<>("states") {
    };

    /** Idle timers are rounded up to this, so that a busy key keeps one timer instead of one per record. */
    static final long TIMER_GRANULARITY_MS = 1000;

    private final ModelSource modelSource;
    private final StepOptions options;

    private transient ValueState<KeyState> state;
    private transient StepLogic logic;
    private transient ModelStepper bundleStepper;
    private transient InternalTimerService<VoidNamespace> idleTimers;
    private transient long ttlMillis;
    private transient Consumer<Output> emit;

    /** Held records per key, keys in arrival order. */
    private transient LinkedHashMap<String, ArrayDeque<InputRecord>> held;
    private transient int heldRecords;
    private transient boolean flushTimerSet;
    private transient Bundle bundle;

    public StepOperator(ModelSource modelSource, StepOptions options) {
        this.modelSource = modelSource;
        this.options = options;
    }

    public static ValueStateDescriptor<KeyState> stateDescriptor(Model model) {
        return stateDescriptor(model, OnStateMismatch.FAIL);
    }

    public static ValueStateDescriptor<KeyState> stateDescriptor(Model model, OnStateMismatch onMismatch) {
        return new ValueStateDescriptor<>(STATE_NAME, new StateSerializer(model.stateLayout(), onMismatch));
    }

    @Override
    public void open() throws Exception {
        super.open();
        Model model = modelSource.load();
        logic = new StepLogic(model.newStepper(1), options, StepCounters.registeredIn(getMetricGroup()));
        state = getPartitionedState(stateDescriptor(model, options.onMismatch()));
        ttlMillis = options.stateTtl() == null ? 0 : options.stateTtl().toMillis();
        // "user-timers" is the name the State Processor API reads and writes, so states import keeps the timers
        idleTimers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        emit = o -> {
            if (o instanceof StateReport r) {
                output.collect(STATES, new StreamRecord<>(r));
            } else {
                output.collect(new StreamRecord<>(o));
            }
        };
        held = new LinkedHashMap<>();
        if (options.bundleSize() > 1) {
            bundleStepper = model.newStepper(options.bundleSize());
            bundle = new Bundle(options.bundleSize(), model.outputSize());
        }
    }

    @Override
    public void processElement(StreamRecord<InputRecord> element) throws Exception {
        InputRecord s = element.getValue();
        if (bundleStepper == null) {
            applyNow(s); // the key context is this record's key
            return;
        }
        held.computeIfAbsent(s.key(), k -> new ArrayDeque<>()).add(s);
        heldRecords++;
        if (held.size() >= options.bundleSize() || heldRecords >= 4 * options.bundleSize()) {
            flush();
        } else if (!flushTimerSet) {
            flushTimerSet = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + options.bundleWait().toMillis();
            getProcessingTimeService().registerTimer(due, time -> flush());
        }
    }

    private void applyNow(InputRecord s) throws Exception {
        KeyState current = state.value();
        if (StepLogic.isReplay(current, s)) {
            logic.counters().replaysDropped().inc();
            return; // a replay has no effect at all
        }
        long lastActive = current == null ? -1 : current.lastActive;
        KeyState next = logic.apply(current, s, now(), emit);
        store(next, lastActive);
    }

    /** Writes a key's state back (the current key) and moves its idle timer. */
    private void store(KeyState next, long previousActivity) throws Exception {
        if (next == null) {
            return;
        }
        state.update(next);
        if (ttlMillis > 0 && next.lastActive != previousActivity) {
            if (previousActivity >= 0) {
                idleTimers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, expiry(previousActivity));
            }
            idleTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, expiry(next.lastActive));
        }
    }

    /** Applies every held record: in rounds, each round stepping the next timestep of every key that has one. */
    private void flush() throws Exception {
        flushTimerSet = false;
        if (heldRecords == 0) {
            return;
        }
        long now = now();
        List<KeyCursor> active = new ArrayList<>(held.size());
        for (Map.Entry<String, ArrayDeque<InputRecord>> e : held.entrySet()) {
            setCurrentKey(e.getKey());
            active.add(new KeyCursor(e.getKey(), state.value(), e.getValue()));
        }
        held.clear();
        heldRecords = 0;
        while (!active.isEmpty()) {
            for (int i = 0; i < active.size(); ) {
                KeyCursor c = active.get(i);
                float[] x = c.nextTimestep(now);
                if (x == null) {
                    active.remove(i);
                    continue;
                }
                bundle.add(c, x);
                i++;
                if (bundle.full()) {
                    stepBundle();
                }
            }
            stepBundle();
        }
    }

    private void stepBundle() {
        if (bundle.rows > 0) {
            bundleStepper.step(bundle.rows, bundle.inputs, bundle.states, bundle.outputs);
            for (int r = 0; r < bundle.rows; r++) {
                bundle.cursors[r].stepped(bundle.outputs[r]);
            }
            bundle.rows = 0;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        if (bundleStepper != null) {
            flush(); // nothing held is in a snapshot: every record before the barrier is applied
        }
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        if (bundleStepper != null) {
            flush();
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        if (bundleStepper != null && heldRecords > 0) {
            String key = timer.getKey();
            flush(); // this key's held records come before its expiry
            setCurrentKey(key);
        }
        KeyState st = state.value();
        if (st != null && timer.getTimestamp() >= expiry(st.lastActive)) {
            logic.expire(st, timer.getKey(), emit);
            state.clear(); // forgets the key entirely, its last seq included
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // this operator sets no event-time timers
    }

    private long expiry(long lastActive) {
        long due = lastActive + ttlMillis;
        return (due / TIMER_GRANULARITY_MS + 1) * TIMER_GRANULARITY_MS;
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    /** One key's held records being applied: where it is in them, and its state. */
    private final class KeyCursor {
        private final String key;
        private final ArrayDeque<InputRecord> records;
        private final long previousActivity;
        private KeyState st;
        private InputRecord record;
        private int t;

        KeyCursor(String key, KeyState st, ArrayDeque<InputRecord> records) {
            this.key = key;
            this.st = st;
            this.records = records;
            this.previousActivity = st == null ? -1 : st.lastActive;
        }

        /** Applies the key's records up to its next timestep and returns it; null when all are applied (and stored). */
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
                    setCurrentKey(key);
                    store(st, previousActivity);
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

        float[] state() {
            return st.state;
        }

        void stepped(float[] y) {
            logic.stepped(st, record, y, emit);
            t++;
        }
    }

    /** The rows of one bundled step; arrays reused from flush to flush. */
    private static final class Bundle {
        final float[][] inputs;
        final float[][] states;
        final float[][] outputs;
        final KeyCursor[] cursors;
        int rows;

        Bundle(int size, int outputSize) {
            inputs = new float[size][];
            states = new float[size][];
            outputs = new float[size][outputSize];
            cursors = new KeyCursor[size];
        }

        boolean full() {
            return rows == inputs.length;
        }

        void add(KeyCursor c, float[] x) {
            inputs[rows] = x;
            states[rows] = c.state();
            cursors[rows] = c;
            rows++;
        }
    }
}
