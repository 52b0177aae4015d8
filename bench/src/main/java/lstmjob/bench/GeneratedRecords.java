package lstmjob.bench;

import lstmjob.codec.RawRecord;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The operator bench's source function: record {@code i} is key {@code i mod keys}'s pre-encoded JSON sample, so
 * that the keys are visited in turn and every record reaches the real decoder as bytes, as from Kafka. The records
 * are encoded in {@link #open}, on the task, rather than carried in the job graph.
 */
final class GeneratedRecords implements GeneratorFunction<Long, RawRecord> {

    private static final long serialVersionUID = 1L;

    private final int keys;
    private final int inputs;
    private transient SampleRecords records;

    GeneratedRecords(int keys, int inputs) {
        this.keys = keys;
        this.inputs = inputs;
    }

    @Override
    public void open(SourceReaderContext context) {
        records = new SampleRecords(keys, inputs, 7);
    }

    @Override
    public RawRecord map(Long i) {
        return new RawRecord(records.plain((int) (i % keys)), "bench");
    }
}
