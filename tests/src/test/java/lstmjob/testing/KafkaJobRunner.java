package lstmjob.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lstmjob.config.JobConfig;
import lstmjob.model.Model;
import lstmjob.pipeline.Environments;
import lstmjob.pipeline.KafkaJob;
import lstmjob.step.ModelSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** Starts the real Kafka job (the code `run` runs) on the test's MiniCluster, optionally from a savepoint. */
public final class KafkaJobRunner {

    private KafkaJobRunner() {}

    /** The settings of a test job whose topics and group all start with {@code name}. */
    public static Map<String, String> settings(String bootstrapServers, String name, Path model, Path checkpoints) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("model", model.toString());
        s.put("bootstrap-servers", bootstrapServers);
        s.put("input-topic", name + ".samples");
        s.put("output-topic", name + ".predictions");
        s.put("dead-letter-topic", name + ".dead-letters");
        s.put("states-topic", name + ".states");
        s.put("group-id", name);
        s.put("starting-offsets", "earliest");
        s.put("parallelism", "2");
        s.put("checkpoint-interval", "500ms");
        s.put("checkpoint-dir", checkpoints.toUri().toString());
        s.put("state-backend", "rocksdb");
        s.put("delivery", "exactly-once");
        return s;
    }

    public static JobClient start(Map<String, String> settings) throws Exception {
        return start(settings, null);
    }

    public static JobClient start(Map<String, String> settings, String savepoint) throws Exception {
        JobConfig c = JobConfig.resolve(null, settings);
        ModelSource source = ModelSource.of(c.model());
        Model model = source.load();
        StreamExecutionEnvironment env = Environments.create(c);
        KafkaJob.build(env, c, source, model);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return env.executeAsync(graph);
    }

    /**
     * Cancels the job and waits until it has ended: its tasks and checkpoints no longer write into the test's
     * folders when the test returns and they are deleted.
     */
    public static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!job.getJobStatus().get().isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job.getJobID() + " did not end within 2 minutes of its cancellation");
            }
            Thread.sleep(50);
        }
    }
}
