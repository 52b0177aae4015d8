package lstmjob.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lstmjob.config.JobConfig;
import lstmjob.config.JobSettings;
import lstmjob.demo.DemoConsumer;
import lstmjob.demo.DemoProducer;
import lstmjob.demo.DemoSamples;
import lstmjob.kafka.EmbeddedKafka;
import lstmjob.model.Model;
import lstmjob.pipeline.Environments;
import lstmjob.pipeline.JobTopics;
import lstmjob.pipeline.KafkaJob;
import lstmjob.step.ModelSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the embedded default. A real Kafka broker in this JVM, the real job in a local MiniCluster
 * (RocksDB state, exactly-once), the shipped running-count model (a producer of 0/1 samples for a few keys) or the
 * user's own model (random samples of its inputs), and each key's predictions and resets printed as they come back
 * from Kafka. Everything it starts it stops,
 * and its temporary directory is deleted, on Ctrl-C or after {@code --seconds}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        modelTransformer = JobOptions.ForDemo.class,
        description = "Run the job on an embedded Kafka broker with the example running-count model, or with "
                + "--model FILE on random samples of that model's inputs.")
public final class DemoCommand implements Callable<Integer> {

    static final String MODEL_RESOURCE = "/example/running-count.keras";

    @Option(names = "--seconds", paramLabel = "N", description = "stop after N seconds (default: run until Ctrl-C)")
    Integer seconds;

    @Option(
            names = "--keys",
            paramLabel = "N",
            defaultValue = "3",
            description = "how many keys to produce for (default 3)")
    int keys;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "4",
            description = "samples per second per key (default 4)")
    int rate;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("lstm-demo");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    awaitQuietly(stopped);
                },
                "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(out, dir, stop);
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us; nothing to remove
            }
        }
        return 0;
    }

    private void run(PrintWriter out, Path dir, CountDownLatch stop) throws Exception {
        Map<String, String> given = JobOptions.given(spec);
        JobConfig settings = JobConfig.withoutFile(given);
        boolean example = settings.get(JobSettings.MODEL) == null;
        Path model = example ? exampleModel(dir) : settings.model();
        ModelSource source = ModelSource.of(model, settings.weights(), settings.loadLimits());
        Model m = source.load();
        settings.stepOptions(m); // a top-k the model cannot give is refused before the broker starts
        out.println("demo: starting a Kafka broker (KRaft, in this JVM)...");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> demo = new HashMap<>(given);
            demo.putAll(Map.of(
                    "model", model.toString(),
                    "bootstrap-servers", kafka.bootstrapServers(),
                    "checkpoint-interval", "1s",
                    "checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                    "starting-offsets", "earliest",
                    "group-id", "lstm-demo",
                    "parallelism", "2",
                    "create-topics", "true",
                    "topic-partitions", "2"));
            JobConfig c = JobConfig.withoutFile(demo);
            JobTopics.prepare(c);

            Configuration conf = Environments.configuration(c, true);
            // every file the MiniCluster writes goes under our directory, which is deleted at the end
            conf.set(CoreOptions.TMP_DIRS, dir.resolve("flink-tmp").toString()); // RocksDB's files too
            conf.set(WebOptions.TMP_DIR, dir.resolve("flink-web").toString());
            conf.set(WebOptions.UPLOAD_DIR, dir.resolve("flink-web-upload").toString());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            Environments.apply(env, c);
            KafkaJob.build(env, c, source, m);
            JobClient job = env.executeAsync("lstm-job demo");
            out.printf(
                    "demo: broker %s, job %s running; model %s; producing %s samples for %d keys, "
                            + "%d per second each (predictions show after each 1 s checkpoint: exactly-once)%n",
                    kafka.bootstrapServers(),
                    job.getJobID(),
                    example ? MODEL_RESOURCE : model,
                    example ? "0/1" : "random",
                    keys,
                    rate);
            out.flush();
            DemoSamples samples = example ? DemoSamples.runningCount(keys) : DemoSamples.forInputs(m.inputs());
            try (DemoProducer producer =
                            DemoProducer.start(kafka.bootstrapServers(), c.inputTopic(), keys, rate, samples);
                    DemoConsumer consumer =
                            DemoConsumer.start(kafka.bootstrapServers(), c.outputTopic(), producer, out)) {
                if (seconds != null) {
                    stop.await(seconds, TimeUnit.SECONDS);
                } else {
                    stop.await();
                }
                out.println("demo: stopping...");
                out.flush();
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
                awaitTermination(job); // before the broker goes: the job's Kafka clients close first
            }
        }
        out.println("demo: stopped; nothing left running.");
        out.flush();
    }

    private static Path exampleModel(Path dir) throws java.io.IOException {
        Path model = dir.resolve("running-count.keras");
        try (InputStream in = DemoCommand.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + MODEL_RESOURCE);
            }
            Files.copy(in, model);
        }
        return model;
    }

    private static void awaitTermination(JobClient job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (job.getJobStatus().get(10, TimeUnit.SECONDS).isTerminalState()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException | IllegalStateException gone) {
                return; // the local MiniCluster shuts down with its job: nothing is left to ask
            }
            Thread.sleep(100);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
