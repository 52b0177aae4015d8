package lstmjob.step;

import java.util.EnumMap;
import java.util.List;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.DeadLetter;
import lstmjob.codec.DeadLetterReason;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.codec.RawRecord;
import lstmjob.model.ModelInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw records into input records, stamped with their arrival (processing time); a record that cannot be
 * applied goes to the dead letters (encoded), counted in all and by its reason's class. Each subtask has its own
 * decoder (a decoder reuses its buffers).
 */
public final class DecodeFunction extends ProcessFunction<RawRecord, InputRecord> {

    public static final OutputTag<EncodedRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** The metric group of the dead letters by reason, under which each reason's counter is {@code count}. */
    static final String BY_REASON = "deadLettersBy";

    private final List<ModelInput> inputs;
    private final int maxRecordBytes;
    private final int maxKeyBytes;
    private final lstmjob.model.StateLayout layout;
    private transient InputDecoder decoder;
    private transient Counter deadLetters;
    private transient EnumMap<DeadLetterReason, Counter> byReason;

    public DecodeFunction(lstmjob.model.Model model, int maxRecordBytes, int maxKeyBytes) {
        this.inputs = List.copyOf(model.inputs());
        this.layout = model.stateLayout();
        this.maxRecordBytes = maxRecordBytes;
        this.maxKeyBytes = maxKeyBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new InputDecoder(inputs, maxRecordBytes, maxKeyBytes, layout);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        deadLetters = metrics.counter("deadLetters");
        byReason = new EnumMap<>(DeadLetterReason.class);
        MetricGroup group = metrics.addGroup(BY_REASON);
        for (DeadLetterReason r : DeadLetterReason.values()) { // every class from the start, 0 until one comes
            byReason.put(r, group.addGroup("reason", r.label()).counter("count"));
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<InputRecord> out) {
        try {
            out.collect(decoder.decode(raw.value(), ctx.timerService().currentProcessingTime()));
        } catch (BadRecordException e) {
            deadLetters.inc();
            byReason.get(e.reason()).inc();
            ctx.output(DEAD_LETTERS, EncodedRecord.of(DeadLetter.of(e.getMessage(), raw.value(), raw.source())));
        }
    }
}
