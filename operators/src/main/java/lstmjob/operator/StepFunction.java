package lstmjob.operator;

import java.util.function.Consumer;
import lstmjob.codec.Output;
import lstmjob.codec.Sample;
import lstmjob.codec.StateReport;
import lstmjob.model.Model;
import lstmjob.state.KeyState;
import lstmjob.state.OnStateMismatch;
import lstmjob.state.StateSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The keyed step operator: per key, the model's recurrent state, step count, last seq and last activity live
 * in one Flink ValueState, written by {@link StateSerializer}; each record is applied by {@link StepLogic}.
 * Predictions and resets are its output; state reports (get-state) go to {@link #STATES}. With a state TTL,
 * a processing-time timer per key drops idle keys with an {@code expired} reset.
 */
public final class StepFunction extends KeyedProcessFunction<String, Sample, Output> {

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
    private transient long ttlMillis;

    public StepFunction(ModelSource modelSource, StepOptions options) {
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
    public void open(OpenContext openContext) {
        Model model = modelSource.load();
        logic = new StepLogic(model.newStepper(1), options,
                StepCounters.registeredIn(getRuntimeContext().getMetricGroup()));
        state = getRuntimeContext().getState(stateDescriptor(model, options.onMismatch()));
        ttlMillis = options.stateTtl() == null ? 0 : options.stateTtl().toMillis();
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Output> out) throws Exception {
        KeyState current = state.value();
        if (StepLogic.isReplay(current, sample)) {
            logic.counters().replaysDropped().inc();
            return; // a replay has no effect at all
        }
        long now = ctx.timerService().currentProcessingTime();
        KeyState next = logic.apply(current, sample, now, route(ctx, out));
        if (next == null) {
            return;
        }
        state.update(next);
        if (ttlMillis > 0) {
            if (current != null) {
                ctx.timerService().deleteProcessingTimeTimer(expiry(current.lastActive));
            }
            ctx.timerService().registerProcessingTimeTimer(expiry(next.lastActive));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Output> out) throws Exception {
        KeyState st = state.value();
        if (st != null && timestamp >= expiry(st.lastActive)) {
            logic.expire(st, ctx.getCurrentKey(), out::collect);
            state.clear(); // forgets the key entirely, its last seq included
        }
    }

    private long expiry(long lastActive) {
        long due = lastActive + ttlMillis;
        return (due / TIMER_GRANULARITY_MS + 1) * TIMER_GRANULARITY_MS;
    }

    private static Consumer<Output> route(Context ctx, Collector<Output> out) {
        return o -> {
            if (o instanceof StateReport r) {
                ctx.output(STATES, r);
            } else {
                out.collect(o);
            }
        };
    }
}
