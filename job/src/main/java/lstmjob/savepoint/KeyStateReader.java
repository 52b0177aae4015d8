package lstmjob.savepoint;

import lstmjob.state.KeyState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/** Reads each key's state of the step operator out of a savepoint, as the operator registered it, with its timers. */
final class KeyStateReader extends KeyedStateReaderFunction<String, KeyStateRecord> {

    private static final long serialVersionUID = 1L;

    private final ValueStateDescriptor<KeyState> descriptor;
    private transient ValueState<KeyState> state;

    KeyStateReader(ValueStateDescriptor<KeyState> descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void readKey(String key, Context ctx, Collector<KeyStateRecord> out) throws Exception {
        KeyState s = state.value();
        if (s != null) {
            KeyStateRecord r = KeyStateRecord.of(key, s);
            r.timers = ctx.registeredProcessingTimeTimers().stream()
                    .mapToLong(Long::longValue)
                    .sorted()
                    .toArray();
            out.collect(r);
        }
    }
}
