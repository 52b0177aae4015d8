package lstmjob.savepoint;

import lstmjob.state.KeyState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;

/** Writes each key's state (and timers) into the step operator's state of a new savepoint, as the operator does. */
final class KeyStateWriter extends KeyedStateBootstrapFunction<String, KeyStateRecord> {

    private static final long serialVersionUID = 1L;

    private final ValueStateDescriptor<KeyState> descriptor;
    private transient ValueState<KeyState> state;

    KeyStateWriter(ValueStateDescriptor<KeyState> descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(KeyStateRecord r, Context ctx) throws Exception {
        state.update(r.toKeyState());
        for (long t : r.timers) {
            ctx.timerService().registerProcessingTimeTimer(t);
        }
    }
}
