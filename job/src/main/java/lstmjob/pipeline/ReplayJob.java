package lstmjob.pipeline;

import java.nio.charset.StandardCharsets;
import lstmjob.codec.DeadLetter;
import lstmjob.codec.Output;
import lstmjob.codec.OutputEncoder;
import lstmjob.codec.RawRecord;
import lstmjob.codec.InputRecord;
import lstmjob.model.Model;
import lstmjob.step.DecodeFunction;
import lstmjob.step.ModelSource;
import lstmjob.step.StepOperator;
import lstmjob.step.StepOptions;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Replay: the Kafka job's decode → keyBy → step → encode path over a JSON Lines file, its outputs, state
 * reports and dead letters tagged into one stream for the caller to write out.
 */
public final class ReplayJob {

    /** One line of output and where it goes. */
    public record Line(Target target, String json) {
    }

    public enum Target {
        /** predictions and resets */
        OUTPUT,
        /** answers to get-state records */
        STATES,
        DEAD_LETTERS
    }

    private ReplayJob() {
    }

    public static DataStream<Line> build(StreamExecutionEnvironment env, java.nio.file.Path input, String inputName,
                                         ModelSource modelSource, Model model, int maxRecordBytes, int maxKeyBytes,
                                         StepOptions options) {
        FileSource<RawRecord> file = FileSource
                .forRecordStreamFormat(new JsonLinesFormat(inputName), new Path(input.toUri()))
                .build();
        DataStream<RawRecord> raw = env
                .fromSource(file, WatermarkStrategy.noWatermarks(), "samples")
                .uid("samples-source");

        SingleOutputStreamOperator<InputRecord> samples = raw
                .process(new DecodeFunction(model, maxRecordBytes, maxKeyBytes))
                .uid("decode").name("decode");

        SingleOutputStreamOperator<Output> outputs = samples
                .keyBy(InputRecord::key)
                .transform("step", TypeInformation.of(Output.class), new StepOperator(modelSource, options))
                .uid("step");

        DataStream<Line> predictions = outputs
                .map(o -> new Line(Target.OUTPUT, new String(OutputEncoder.encode(o), StandardCharsets.UTF_8)))
                .name("encode");
        DataStream<Line> states = outputs.getSideOutput(StepOperator.STATES)
                .map(o -> new Line(Target.STATES, new String(OutputEncoder.encode(o), StandardCharsets.UTF_8)))
                .name("encode-states");
        DataStream<DeadLetter> deadLetters = samples.getSideOutput(DecodeFunction.DEAD_LETTERS);
        return predictions.union(states, deadLetters
                .map(d -> new Line(Target.DEAD_LETTERS, new String(OutputEncoder.encode(d), StandardCharsets.UTF_8)))
                .name("encode-dead-letters"));
    }
}
