package lstmjob.pipeline;

import lstmjob.codec.EncodedRecord;
import lstmjob.codec.RawRecord;
import lstmjob.model.Model;
import lstmjob.step.ModelSource;
import lstmjob.step.StepOptions;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Replay: the Kafka job's decode → keyBy → step path over a JSON Lines file, its outputs, state reports and dead
 * letters in one stream of encoded records (each names where it goes) for the caller to write out.
 */
public final class ReplayJob {

    private ReplayJob() {}

    public static DataStream<EncodedRecord> build(
            StreamExecutionEnvironment env,
            java.nio.file.Path input,
            String inputName,
            ModelSource modelSource,
            Model model,
            int maxRecordBytes,
            int maxKeyBytes,
            StepOptions options) {
        FileSource<RawRecord> file = FileSource.forRecordStreamFormat(
                        new JsonLinesFormat(inputName), new Path(input.toUri()))
                .build();
        DataStream<RawRecord> raw = env.fromSource(file, WatermarkStrategy.noWatermarks(), "samples")
                .uid("samples-source");

        StepStage step = StepStage.apply(raw, modelSource, model, maxRecordBytes, maxKeyBytes, options);
        return step.outputs().union(step.states(), step.deadLetters());
    }
}
