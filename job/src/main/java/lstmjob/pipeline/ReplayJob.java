package lstmjob.pipeline;

import java.nio.charset.StandardCharsets;
import lstmjob.codec.DeadLetter;
import lstmjob.codec.Output;
import lstmjob.codec.OutputEncoder;
import lstmjob.codec.RawRecord;
import lstmjob.codec.Sample;
import lstmjob.model.Model;
import lstmjob.operator.DecodeFunction;
import lstmjob.operator.ModelSource;
import lstmjob.operator.StepFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Replay: the Kafka job's decode → keyBy → step → encode path over a JSON Lines file, its outputs and dead
 * letters tagged into one stream for the caller to write out.
 */
public final class ReplayJob {

    /** One line of output: a prediction or reset, or a dead letter. */
    public record Line(boolean deadLetter, String json) {
    }

    private ReplayJob() {
    }

    public static DataStream<Line> build(StreamExecutionEnvironment env, java.nio.file.Path input, String inputName,
                                         ModelSource modelSource, Model model, int maxRecordBytes) {
        FileSource<RawRecord> file = FileSource
                .forRecordStreamFormat(new JsonLinesFormat(inputName), new Path(input.toUri()))
                .build();
        DataStream<RawRecord> raw = env
                .fromSource(file, WatermarkStrategy.noWatermarks(), "samples")
                .uid("samples-source");

        SingleOutputStreamOperator<Sample> samples = raw
                .process(new DecodeFunction(model.inputSize(), maxRecordBytes))
                .uid("decode").name("decode");

        DataStream<Output> outputs = samples
                .keyBy(Sample::key)
                .process(new StepFunction(modelSource))
                .uid("step").name("step");

        DataStream<Line> predictions = outputs
                .map(o -> new Line(false, new String(OutputEncoder.encode(o), StandardCharsets.UTF_8)))
                .name("encode");
        DataStream<DeadLetter> deadLetters = samples.getSideOutput(DecodeFunction.DEAD_LETTERS);
        return predictions.union(deadLetters
                .map(d -> new Line(true, new String(OutputEncoder.encode(d), StandardCharsets.UTF_8)))
                .name("encode-dead-letters"));
    }
}
