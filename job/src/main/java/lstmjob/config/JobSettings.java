package lstmjob.config;

import java.time.Duration;
import java.util.List;
import lstmjob.codec.InputDecoder;
import lstmjob.model.load.LoadLimits;

/**
 * Every setting of the job, each declared once with its default, doc and check. The settings file
 * ({@code conf/job.yaml}), the flags of {@code run} and their {@code --help} all come from here; keys starting with
 * {@code kafka.} are not declared: they go, without the prefix, to every Kafka client.
 */
public final class JobSettings {

    public static final Setting<String> MODEL = Setting.text(
            "model",
            null,
            "FILE",
            "model file: .keras, .h5, TF.js model.json, .onnx, or a Keras architecture JSON (with weights)");

    public static final Setting<String> WEIGHTS = Setting.text(
                    "weights",
                    null,
                    "FILE",
                    "the weights (model.save_weights: .h5 or .weights.h5) of a Keras architecture JSON "
                            + "(model.to_json) given as model")
            .unset("none, the model file holds them");

    public static final Setting<String> BOOTSTRAP_SERVERS =
            Setting.text("bootstrap-servers", "localhost:9092", "HOST:PORT[,..]", "Kafka brokers");

    public static final Setting<String> INPUT_TOPIC =
            Setting.text("input-topic", "lstm.samples", "TOPIC", "samples topic");

    public static final Setting<String> OUTPUT_TOPIC =
            Setting.text("output-topic", "lstm.predictions", "TOPIC", "predictions and resets");

    public static final Setting<String> DEAD_LETTER_TOPIC =
            Setting.text("dead-letter-topic", "lstm.dead-letters", "TOPIC", "rejected records");

    public static final Setting<String> STATES_TOPIC =
            Setting.text("states-topic", "lstm.states", "TOPIC", "answers to get-state records");

    public static final Setting<Boolean> CREATE_TOPICS = Setting.flag(
            "create-topics",
            false,
            "create the input, output, dead-letter and states topics that are missing; otherwise wait for them");

    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.whole(
                    "topic-partitions", null, "N", "partitions of a topic that create-topics creates")
            .unset("the broker's num.partitions")
            .check(n -> n >= 1, n -> "must be at least 1");

    public static final Setting<Integer> TOPIC_REPLICATION = Setting.whole(
                    "topic-replication", null, "N", "replicas of a topic that create-topics creates")
            .unset("the broker's default.replication.factor")
            .check(n -> n >= 1 && n <= Short.MAX_VALUE, n -> "must be in 1.." + Short.MAX_VALUE);

    public static final Setting<Integer> BURN_IN_STEPS = Setting.whole(
                    "burn-in-steps",
                    0,
                    "N",
                    "after each reset, a key's first N steps update its state but emit no prediction")
            .check(n -> n >= 0, n -> "must not be negative");

    public static final Setting<Duration> STATE_TTL = Setting.duration(
                    "state-ttl", null, "drop a key idle this long, with an 'expired' reset record")
            .unset("never")
            .check(d -> !d.isNegative() && !d.isZero(), d -> "must be positive");

    public static final Setting<String> ON_STATE_MISMATCH = Setting.oneOf(
            "on-state-mismatch",
            "resuming with a model of another state layout: refuse (fail), or restart those keys from zeros (reset)",
            "fail",
            "reset");

    public static final Setting<Integer> BUNDLE_SIZE = Setting.whole(
                    "bundle-size",
                    64,
                    "N",
                    "step up to N keys together in one matrix-matrix step; 1 turns bundling off")
            .check(n -> n >= 1 && n <= 4096, n -> "must be in 1..4096 (1 turns bundling off)");

    public static final Setting<Duration> BUNDLE_WAIT = Setting.duration(
                    "bundle-wait", Duration.ofMillis(5), "hold a record at most this long for a bundle to fill")
            .check(d -> !d.isNegative(), d -> "must not be negative");

    public static final Setting<Integer> TOP_K = Setting.whole(
                    "top-k",
                    null,
                    "N",
                    "predictions give each output's N largest values and their indices instead of the whole vector "
                            + "(at most the size of every output)")
            .unset("off")
            .check(n -> n >= 1, n -> "must be at least 1");

    public static final Setting<String> GROUP_ID =
            Setting.text("group-id", "lstm-job", "ID", "consumer group; also the transactional-id prefix");

    public static final Setting<String> STARTING_OFFSETS = Setting.oneOf(
            "starting-offsets",
            "committed (earliest for a group with no offsets), earliest or latest",
            "committed",
            "earliest",
            "latest");

    public static final Setting<Integer> PARALLELISM = Setting.whole("parallelism", null, "N", "job parallelism")
            .unset("flink run -p, the cluster's default, or the cores of a local run")
            .check(n -> n >= 1, n -> "must be at least 1, got " + n);

    public static final Setting<Duration> CHECKPOINT_INTERVAL = Setting.duration(
                    "checkpoint-interval", Duration.ofSeconds(10), "e.g. 10s, 500ms")
            .check(d -> !d.isNegative() && !d.isZero(), d -> "must be positive");

    public static final Setting<String> CHECKPOINT_DIR = Setting.text(
                    "checkpoint-dir", null, "URI", "where checkpoints go")
            .unset("the cluster's execution.checkpointing.dir; " + JobConfig.LOCAL_CHECKPOINT_DIR + " locally");

    public static final Setting<String> STATE_BACKEND =
            Setting.oneOf("state-backend", "rocksdb (incremental checkpoints) or heap", "rocksdb", "heap");

    public static final Setting<String> DELIVERY =
            Setting.oneOf("delivery", "exactly-once or at-least-once", "exactly-once", "at-least-once");

    public static final Setting<Integer> MAX_RECORD_BYTES = Setting.whole(
                    "max-record-bytes", InputDecoder.DEFAULT_MAX_BYTES, "N", "larger input records are dead letters")
            .check(n -> n >= 16, n -> "must be at least 16");

    public static final Setting<Integer> MAX_KEY_BYTES = Setting.whole(
                    "max-key-bytes",
                    InputDecoder.DEFAULT_MAX_KEY_BYTES,
                    "N",
                    "records whose key is over N bytes in UTF-8 are dead letters (a key is a Kafka record key and a "
                            + "state key)")
            .check(n -> n >= 1, n -> "must be at least 1");

    public static final Setting<Integer> MAX_MODEL_PARAMETERS = Setting.whole(
                    "max-model-parameters",
                    (int) LoadLimits.DEFAULT_MAX_PARAMETERS,
                    "N",
                    "a model file that declares more weight values is refused before its weights are read")
            .check(n -> n >= 1, n -> "must be at least 1");

    public static final Setting<Boolean> ALLOW_NON_FINITE_WEIGHTS = Setting.flag(
            "allow-non-finite-weights",
            false,
            "serve a model whose weights hold NaN or infinite values, with a warning, rather than refuse it "
                    + "(its predictions would be NaN wherever those weights reach)");

    public static final Setting<String> TRANSACTIONAL_ID_PREFIX = Setting.text(
                    "transactional-id-prefix",
                    null,
                    "PREFIX",
                    "unique per job, so that two jobs never fence each other's transactions")
            .unset("the group id");

    /** All of them, in the order error messages list them. */
    public static final List<Setting<?>> ALL = List.of(
            MODEL,
            WEIGHTS,
            BOOTSTRAP_SERVERS,
            INPUT_TOPIC,
            OUTPUT_TOPIC,
            DEAD_LETTER_TOPIC,
            STATES_TOPIC,
            CREATE_TOPICS,
            TOPIC_PARTITIONS,
            TOPIC_REPLICATION,
            BURN_IN_STEPS,
            STATE_TTL,
            ON_STATE_MISMATCH,
            BUNDLE_SIZE,
            BUNDLE_WAIT,
            TOP_K,
            GROUP_ID,
            STARTING_OFFSETS,
            PARALLELISM,
            CHECKPOINT_INTERVAL,
            CHECKPOINT_DIR,
            STATE_BACKEND,
            DELIVERY,
            MAX_RECORD_BYTES,
            MAX_KEY_BYTES,
            MAX_MODEL_PARAMETERS,
            ALLOW_NON_FINITE_WEIGHTS,
            TRANSACTIONAL_ID_PREFIX);

    /** The prefix of the settings passed to every Kafka client. */
    public static final String KAFKA_PREFIX = "kafka.";

    private JobSettings() {}
}
