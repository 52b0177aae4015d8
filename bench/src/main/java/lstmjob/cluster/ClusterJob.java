package lstmjob.cluster;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One test's job on the local cluster: its own topics ({@code NAME.samples}, ...), consumer group and
 * transactional ids, so that tests sharing the broker never see each other's records; submitted as the README
 * does, {@code bin/flink run -d job/target/lstm-job-cluster.jar run --model ... --bootstrap-servers ...}.
 */
public final class ClusterJob {

    /** Output becomes visible to read_committed readers at each checkpoint: keep the tests brisk. */
    static final String CHECKPOINT_INTERVAL = "1s";
    /** The jar for {@code flink run}: the job without Flink's classes. */
    private static final String JAR = "lstm-job-cluster.jar";

    final String name;
    private final LocalKafka kafka;
    private final LocalFlink flink;
    private final Path model;
    private final String predictionsTopic;
    private final List<String> flags;

    ClusterJob(LocalKafka kafka, LocalFlink flink, String name, Path model) {
        this(kafka, flink, name, model, name + ".predictions", List.of());
    }

    private ClusterJob(
            LocalKafka kafka, LocalFlink flink, String name, Path model, String predictionsTopic, List<String> flags) {
        this.kafka = kafka;
        this.flink = flink;
        this.name = name;
        this.model = model;
        this.predictionsTopic = predictionsTopic;
        this.flags = List.copyOf(flags);
    }

    /**
     * This job (same samples topic, group and transactional ids) with another model file, writing to its own
     * predictions topic {@code NAME.OUTPUT.predictions} (so that each resume's output can be read apart), with
     * extra flags after the others: how a model upgrade resumes a savepoint.
     */
    ClusterJob withModel(Path otherModel, String output, String... extraFlags) {
        return new ClusterJob(
                kafka, flink, name, otherModel, name + "." + output + ".predictions", List.of(extraFlags));
    }

    String samplesTopic() {
        return name + ".samples";
    }

    String predictionsTopic() {
        return predictionsTopic;
    }

    /**
     * {@code bin/kafka-topics --create} for the samples and predictions topics, 4 partitions each (the broker
     * creates the dead-letter and states topics when the job first writes to them).
     */
    ClusterJob createTopics() {
        for (String suffix : List.of("samples", "predictions")) {
            kafka.createTopic(name + "." + suffix, 4);
        }
        return this;
    }

    /** Submits the job, fresh or (when {@code savepoint} is not null) from a savepoint; returns its id. */
    String submit(int parallelism, String savepoint) {
        List<String> options = savepoint == null ? List.of() : List.of("-s", savepoint);
        return flink.submit(options, jar(), args(parallelism));
    }

    /** The job's arguments after the jar: the {@code run} command and its flags. */
    List<String> args(int parallelism) {
        List<String> a = new ArrayList<>(List.of(
                "run",
                "--model",
                relative(model),
                "--bootstrap-servers",
                kafka.bootstrap(),
                "--input-topic",
                name + ".samples",
                "--output-topic",
                predictionsTopic,
                "--dead-letter-topic",
                name + ".dead-letters",
                "--states-topic",
                name + ".states",
                "--group-id",
                name,
                "--parallelism",
                Integer.toString(parallelism),
                "--checkpoint-interval",
                CHECKPOINT_INTERVAL,
                "--checkpoint-dir",
                flink.checkpointDir().toUri().toString()));
        a.addAll(flags);
        return a;
    }

    /** Inside the checkout, the path as the README writes it (bin/flink runs from the checkout's root). */
    private static String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(Checkout.root()) ? Checkout.root().relativize(abs).toString() : abs.toString();
    }

    /**
     * The job's cluster jar, {@code lstm-job-cluster.jar} (Flink left to the cluster), beside the job module's own
     * jar (which is on this test's classpath): {@code job/target/lstm-job-cluster.jar} in a plain build, wherever
     * the build directory is otherwise.
     */
    static Path jar() {
        try {
            Path classes = Path.of(lstmjob.Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path beside = classes.getParent().resolve(JAR);
            if (Files.isRegularFile(beside)) {
                return beside;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the checkout's default location
        }
        Path fallback = Checkout.root().resolve("job/target/" + JAR);
        if (!Files.isRegularFile(fallback)) {
            throw new IllegalStateException(
                    "no " + JAR + ": build it first (mvn package, or mvn verify from the root)");
        }
        return fallback;
    }
}
