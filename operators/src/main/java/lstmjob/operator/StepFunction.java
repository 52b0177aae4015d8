package lstmjob.operator;

import lstmjob.codec.Output;
import lstmjob.codec.Sample;
import lstmjob.model.Model;
import lstmjob.state.KeyState;
import lstmjob.state.StateSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed step operator: per key, the model's recurrent state, step count, last seq and last activity live
 * in one Flink ValueState, written by {@link StateSerializer}; each record is applied by {@link StepLogic}.
 */
public final class StepFunction extends KeyedProcessFunction<String, Sample, Output> {

    /** The state's name; also what the State Processor API reads. */
    public static final String STATE_NAME = "key-state";

    private final ModelSource modelSource;
    private transient ValueState<KeyState> state;
    private transient StepLogic logic;
    private transient Counter replays;
    private transient Counter predictions;
    private transient Counter resets;

    public StepFunction(ModelSource modelSource) {
        this.modelSource = modelSource;
    }

    public static ValueStateDescriptor<KeyState> stateDescriptor(Model model) {
        return new ValueStateDescriptor<>(STATE_NAME, new StateSerializer(model.stateLayout()));
    }

    @Override
    public void open(OpenContext openContext) {
        Model model = modelSource.load();
        logic = new StepLogic(model.newStepper(1));
        state = getRuntimeContext().getState(stateDescriptor(model));
        replays = getRuntimeContext().getMetricGroup().counter("replaysDropped");
        predictions = getRuntimeContext().getMetricGroup().counter("predictions");
        resets = getRuntimeContext().getMetricGroup().counter("resets");
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Output> out) throws Exception {
        KeyState current = state.value();
        if (StepLogic.isReplay(current, sample)) {
            replays.inc();
            return; // a replay has no effect at all
        }
        KeyState next = logic.apply(current, sample, ctx.timerService().currentProcessingTime(), o -> {
            if (o instanceof lstmjob.codec.Prediction) {
                predictions.inc();
            } else {
                resets.inc();
            }
            out.collect(o);
        });
        state.update(next);
    }
}
