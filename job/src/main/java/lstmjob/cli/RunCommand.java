package lstmjob.cli;

import java.util.concurrent.Callable;
import lstmjob.config.JobConfig;
import lstmjob.model.Model;
import lstmjob.pipeline.Environments;
import lstmjob.pipeline.JobTopics;
import lstmjob.pipeline.KafkaJob;
import lstmjob.step.ModelSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the Kafka job, submitted to a cluster under {@code flink run}, or in a local MiniCluster under
 * {@code java -jar}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        modelTransformer = JobOptions.class,
        description = "Run the Kafka job: samples in, per-step predictions, resets and dead letters out.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JobConfig c = JobOptions.resolve(spec);
        ModelSource source = ModelSource.of(c.model(), c.weights(), c.loadLimits());
        Model model = source.load();
        c.stepOptions(model); // a top-k the model cannot give is refused before the topics are awaited
        JobTopics.prepare(c);
        StreamExecutionEnvironment env = Environments.create(c);
        KafkaJob.build(env, c, source, model);
        env.execute("lstm-job " + c.model().getFileName());
        return 0;
    }
}
