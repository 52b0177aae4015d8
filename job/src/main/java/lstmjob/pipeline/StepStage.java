package lstmjob.pipeline;

import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputRecord;
import lstmjob.codec.RawRecord;
import lstmjob.model.Model;
import lstmjob.step.DecodeFunction;
import lstmjob.step.ModelSource;
import lstmjob.step.StepOperator;
import lstmjob.step.StepOptions;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/**
 * decode → keyBy(key) → step, the middle of every job (Kafka, replay, bench): raw records in, encoded records
 * out, on three streams. Its operators' uids are those the savepoints of the Kafka job hold.
 */
public final class StepStage {

    /** The step operator's uid, under which its keyed state is saved. */
    public static final String STEP_UID = "step";

    private final SingleOutputStreamOperator<EncodedRecord> outputs;
    private final DataStream<EncodedRecord> deadLetters;

    private StepStage(SingleOutputStreamOperator<EncodedRecord> outputs, DataStream<EncodedRecord> deadLetters) {
        this.outputs = outputs;
        this.deadLetters = deadLetters;
    }

    /**
     * @param modelSource    the model's files, carried to the step operators
     * @param model          the same model, loaded here: its input size and state layout for the decoder
     * @param maxRecordBytes larger input records are dead letters
     * @param maxKeyBytes    records whose key is longer in UTF-8 are dead letters
     */
    public static StepStage apply(
            DataStream<RawRecord> raw,
            ModelSource modelSource,
            Model model,
            int maxRecordBytes,
            int maxKeyBytes,
            StepOptions options) {
        return apply(raw, model, maxRecordBytes, maxKeyBytes, new StepOperator(modelSource, options));
    }

    /**
     * The same stage with another keyed step operator of the same shape: {@code bench} measures a no-model one
     * here, so that the ceiling it compares with differs from the job only in the step.
     */
    public static StepStage apply(
            DataStream<RawRecord> raw,
            Model model,
            int maxRecordBytes,
            int maxKeyBytes,
            OneInputStreamOperator<InputRecord, EncodedRecord> step) {
        SingleOutputStreamOperator<InputRecord> records = raw.process(
                        new DecodeFunction(model, maxRecordBytes, maxKeyBytes))
                .uid("decode")
                .name("decode");
        SingleOutputStreamOperator<EncodedRecord> outputs = records.keyBy(InputRecord::key)
                .transform("step", TypeInformation.of(EncodedRecord.class), step)
                .uid(STEP_UID);
        return new StepStage(outputs, records.getSideOutput(DecodeFunction.DEAD_LETTERS));
    }

    /** Predictions and resets. */
    public DataStream<EncodedRecord> outputs() {
        return outputs;
    }

    /** Answers to get-state records. */
    public DataStream<EncodedRecord> states() {
        return outputs.getSideOutput(StepOperator.STATES);
    }

    /** Input records that cannot be applied, with why. */
    public DataStream<EncodedRecord> deadLetters() {
        return deadLetters;
    }
}
