package lstmjob.step;

import java.util.function.Consumer;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputRecord;
import lstmjob.codec.Output;
import lstmjob.codec.OutputEncoder;
import lstmjob.model.Model;
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
 * one Flink ValueState written by {@link StateSerializer}; each record is applied by {@link StepLogic}, and every
 * output leaves already encoded ({@link EncodedRecord}).
 *
 * <p>Key bundling ({@link KeyBundler}): records are held briefly and the timesteps of distinct keys are stepped
 * together, one matrix-matrix step of the model per bundle of up to {@link StepOptions#bundleSize()} keys. Held
 * records are flushed when the bundle is full, when the oldest has waited {@link StepOptions#bundleWait()}, before
 * every checkpoint barrier, and at the end of input, so no record is held longer than the wait and none is ever in
 * a snapshot. A bundle size of 1 applies every record at once.
 *
 * <p>Predictions and resets are the main output; state reports (get-state) go to {@link #STATES}. With a state
 * TTL, a processing-time timer per key drops idle keys with an {@code expired} reset.
 */
public final class StepOperator extends AbstractStreamOperator<EncodedRecord>
        implements OneInputStreamOperator<InputRecord, EncodedRecord>,
                BoundedOneInput,
                Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    /** The state's name; also what the State Processor API reads. */
    public static final String STATE_NAME = "key-state";

    public static final OutputTag<EncodedRecord> STATES = new OutputTag<>("states") {};

    /** Idle timers are rounded up to this, so that a busy key keeps one timer instead of one per record. */
    static final long TIMER_GRANULARITY_MS = 1000;

    private final ModelSource modelSource;
    private final StepOptions options;

    private transient ValueState<KeyState> state;
    private transient StepLogic logic;
    private transient InternalTimerService<VoidNamespace> idleTimers;
    private transient long ttlMillis;
    private transient Consumer<Output> emit;
    /** Null when bundling is off. */
    private transient KeyBundler bundler;

    private transient boolean flushTimerSet;

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
        logic = new StepLogic(model.newStepper(1), options, StepCounters.registeredIn(getMetricGroup(), this::now));
        state = getPartitionedState(stateDescriptor(model, options.onMismatch()));
        int stateBytes = StateSerializer.recordBytes(model.stateLayout());
        getMetricGroup().gauge("stateBytesPerKey", () -> stateBytes);
        ttlMillis = options.stateTtl() == null ? 0 : options.stateTtl().toMillis();
        // "user-timers" is the name the State Processor API reads and writes, so states import keeps the timers
        idleTimers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        StreamRecord<EncodedRecord> reused = new StreamRecord<>(null);
        OutputEncoder encoder = new OutputEncoder(model.outputs(), options.topK());
        emit = o -> {
            EncodedRecord r = EncodedRecord.of(o, encoder);
            if (r.target() == EncodedRecord.Target.STATES) {
                output.collect(STATES, reused.replace(r));
            } else {
                output.collect(reused.replace(r));
            }
        };
        if (options.bundleSize() > 1) {
            bundler = new KeyBundler(logic, model.newStepper(options.bundleSize()), new FlinkKeyStates(), emit);
        }
    }

    @Override
    public void processElement(StreamRecord<InputRecord> element) throws Exception {
        InputRecord s = element.getValue();
        if (bundler == null) {
            applyNow(s); // the key context is this record's key
        } else if (bundler.hold(s)) {
            flush();
        } else if (!flushTimerSet) {
            flushTimerSet = true;
            long due = now() + options.bundleWait().toMillis();
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
        store(logic.apply(current, s, now(), emit), lastActive);
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

    private void flush() throws Exception {
        flushTimerSet = false;
        bundler.flush(now());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        if (bundler != null) {
            flush(); // nothing held is in a snapshot: every record before the barrier is applied
        }
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        if (bundler != null) {
            flush();
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        if (bundler != null && !bundler.isEmpty()) {
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

    /** The bundler's view of the keyed state: each access switches the key context to its key. */
    private final class FlinkKeyStates implements KeyBundler.KeyStates {
        @Override
        public KeyState load(String key) throws Exception {
            setCurrentKey(key);
            return state.value();
        }

        @Override
        public void store(String key, KeyState st, long previousActivity) throws Exception {
            setCurrentKey(key);
            StepOperator.this.store(st, previousActivity);
        }
    }
}
