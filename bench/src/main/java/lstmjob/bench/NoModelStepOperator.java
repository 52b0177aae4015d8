package lstmjob.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputRecord;
import lstmjob.codec.OutputEncoder;
import lstmjob.codec.Prediction;
import lstmjob.model.Model;
import lstmjob.model.ModelOutput;
import lstmjob.model.StateLayout;
import lstmjob.state.KeyState;
import lstmjob.state.StateSerializer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The ceiling the bench compares the step operator with: a keyed operator of the same shape without the model. Per
 * record it reads the key's state (the model's layout, written by the job's {@link StateSerializer}, so the same
 * bytes per key), updates its counters, writes it back and emits one output record of a prediction's size. The
 * output's bytes are encoded once, so what remains is what Flink, the state backend and the connectors cost.
 */
final class NoModelStepOperator extends AbstractStreamOperator<EncodedRecord>
        implements OneInputStreamOperator<InputRecord, EncodedRecord> {

    private static final long serialVersionUID = 1L;

    private final StateLayout layout;
    private final int outputSize;
    private final List<ModelOutput> outputs;
    private transient ValueState<KeyState> state;
    private transient byte[] value;
    private transient StreamRecord<EncodedRecord> reused;

    NoModelStepOperator(Model model) {
        this.layout = model.stateLayout();
        this.outputSize = model.outputSize();
        this.outputs = List.copyOf(model.outputs());
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = getPartitionedState(new ValueStateDescriptor<>("key-state", new StateSerializer(layout)));
        // a typical prediction: a ten-digit seq and step, timestamp, the model's outputs
        value = new OutputEncoder(outputs)
                .encode(new Prediction(
                        "key-0000001",
                        true,
                        1_000_000_000L,
                        1_000_000_000L,
                        new float[outputSize],
                        true,
                        System.currentTimeMillis()));
        reused = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<InputRecord> element) throws Exception {
        InputRecord r = element.getValue();
        KeyState st = state.value();
        if (st == null) {
            st = KeyState.fresh(layout);
        }
        st.steps += r.x().length;
        st.hasSeq = r.hasSeq();
        st.lastSeq = r.seq();
        st.lastActive = r.ts();
        state.update(st);
        output.collect(reused.replace(
                new EncodedRecord(EncodedRecord.Target.OUTPUT, r.key().getBytes(StandardCharsets.UTF_8), value)));
    }
}
