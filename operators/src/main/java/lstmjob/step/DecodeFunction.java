package lstmjob.step;

import lstmjob.codec.BadRecordException;
import lstmjob.codec.DeadLetter;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.RawRecord;
import lstmjob.codec.InputRecord;
import lstmjob.codec.InputDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw records into input records; a record that cannot be applied goes to the dead letters (encoded),
 * counted. Each subtask has its own decoder (a decoder reuses its buffers).
 */
public final class DecodeFunction extends ProcessFunction<RawRecord, InputRecord> {

    public static final OutputTag<EncodedRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    private final lstmjob.model.ModelInput input;
    private final int maxRecordBytes;
    private final int maxKeyBytes;
    private final lstmjob.model.StateLayout layout;
    private transient InputDecoder decoder;
    private transient Counter deadLetters;

    public DecodeFunction(lstmjob.model.Model model, int maxRecordBytes, int maxKeyBytes) {
        this.input = model.input();
        this.layout = model.stateLayout();
        this.maxRecordBytes = maxRecordBytes;
        this.maxKeyBytes = maxKeyBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new InputDecoder(input, maxRecordBytes, maxKeyBytes, layout);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<InputRecord> out) {
        try {
            out.collect(decoder.decode(raw.value()));
        } catch (BadRecordException e) {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, EncodedRecord.of(DeadLetter.of(e.getMessage(), raw.value(), raw.source())));
        }
    }
}
