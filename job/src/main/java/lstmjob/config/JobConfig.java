package lstmjob.config;

import static lstmjob.config.JobSettings.KAFKA_PREFIX;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import lstmjob.codec.OutputEncoder;
import lstmjob.model.Model;
import lstmjob.model.load.LoadLimits;
import lstmjob.state.OnStateMismatch;
import lstmjob.step.StepOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The job's settings ({@link JobSettings}) as resolved: their defaults, then {@code conf/job.yaml} (or
 * {@code --config}), then command-line flags, each overriding the one before; every value checked.
 */
public final class JobConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Path DEFAULT_FILE = Path.of("conf", "job.yaml");

    /** Checkpoints of a local run (java -jar) when no checkpoint-dir is given. */
    public static final String LOCAL_CHECKPOINT_DIR = "file:///tmp/lstm-job/checkpoints";

    private final Configuration values;
    private final Properties kafka = new Properties();

    private JobConfig(Map<String, String> given) {
        Map<String, String> declared = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                kafka.setProperty(k.substring(KAFKA_PREFIX.length()), v);
            } else {
                declared.put(k, v);
            }
        });
        this.values = Configuration.fromMap(declared);
        for (Setting<?> s : JobSettings.ALL) {
            check(s);
        }
    }

    /**
     * Resolves the settings.
     *
     * @param file  the YAML file, or null for {@link #DEFAULT_FILE} when it exists
     * @param flags flag values given on the command line (key without dashes → value)
     */
    public static JobConfig resolve(Path file, Map<String, String> flags) {
        Map<String, String> v = new LinkedHashMap<>();
        Path f = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        if (f != null) {
            v.putAll(readYaml(f));
        }
        v.putAll(flags);
        return new JobConfig(v);
    }

    /** Built-in defaults and the given settings only, whatever conf/job.yaml says (the demo, the bench). */
    public static JobConfig withoutFile(Map<String, String> settings) {
        return new JobConfig(settings);
    }

    static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new ConfigException(file + ": expected a mapping of settings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (JobSettings.ALL.stream().noneMatch(s -> s.key().equals(e.getKey()))
                    && !e.getKey().startsWith(KAFKA_PREFIX)) {
                throw new ConfigException(file + ": unknown setting '" + e.getKey() + "'; known: "
                        + JobSettings.ALL.stream().map(Setting::key).collect(Collectors.joining(", ", "[", "]"))
                        + " and " + KAFKA_PREFIX + "*");
            }
            if (!e.getValue().isValueNode()) {
                throw new ConfigException(file + ": setting '" + e.getKey() + "' must be a single value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private <T> void check(Setting<T> s) {
        T v = get(s);
        if (v != null && !s.valid().test(v)) {
            throw new ConfigException(s.key() + " " + s.problem().apply(v));
        }
    }

    /** The setting's value, its default when not given; null when neither. */
    public <T> T get(Setting<T> s) {
        try {
            return values.get(s.option());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.key() + s.unreadable(values.toMap().get(s.key()), e));
        }
    }

    /** A setting the job cannot run without. */
    public String require(Setting<String> s) {
        String v = get(s);
        if (v == null || v.isBlank()) {
            throw new ConfigException("no " + s.key() + ": give " + s.flag() + " or set it in " + DEFAULT_FILE);
        }
        return v;
    }

    public Path model() {
        return Path.of(require(JobSettings.MODEL));
    }

    /** The weights file of a Keras architecture JSON given as the model; null when the model file holds them. */
    public Path weights() {
        String w = get(JobSettings.WEIGHTS);
        return w == null || w.isBlank() ? null : Path.of(w);
    }

    public String bootstrapServers() {
        return require(JobSettings.BOOTSTRAP_SERVERS);
    }

    public String inputTopic() {
        return require(JobSettings.INPUT_TOPIC);
    }

    public String outputTopic() {
        return require(JobSettings.OUTPUT_TOPIC);
    }

    public String deadLetterTopic() {
        return require(JobSettings.DEAD_LETTER_TOPIC);
    }

    public String statesTopic() {
        return require(JobSettings.STATES_TOPIC);
    }

    /** The input, output, dead-letter and states topics, in that order. */
    public List<String> topics() {
        return List.of(inputTopic(), outputTopic(), deadLetterTopic(), statesTopic());
    }

    /** Whether missing topics are created (rather than waited for). */
    public boolean createTopics() {
        return get(JobSettings.CREATE_TOPICS);
    }

    /** Partitions of a topic the job creates; empty: the broker's default. */
    public Optional<Integer> topicPartitions() {
        return Optional.ofNullable(get(JobSettings.TOPIC_PARTITIONS));
    }

    /** Replicas of a topic the job creates; empty: the broker's default. */
    public Optional<Short> topicReplication() {
        return Optional.ofNullable(get(JobSettings.TOPIC_REPLICATION)).map(Integer::shortValue);
    }

    public String groupId() {
        return require(JobSettings.GROUP_ID);
    }

    public String startingOffsets() {
        return get(JobSettings.STARTING_OFFSETS);
    }

    /** The job's parallelism; null: Flink's (`flink run -p`, the cluster's default, or the cores of a local run). */
    public Integer parallelism() {
        return get(JobSettings.PARALLELISM);
    }

    public Duration checkpointInterval() {
        return get(JobSettings.CHECKPOINT_INTERVAL);
    }

    /** Idle time after which a key's state is dropped with an expired reset; null: keys never expire. */
    public Duration stateTtl() {
        return get(JobSettings.STATE_TTL);
    }

    /**
     * What the step operator does beyond the contract's defaults (burn-in, expiry, model changes, top-k), and
     * bundling; top-k is not checked against a model here (see {@link #stepOptions(Model)}).
     */
    public StepOptions stepOptions() {
        return new StepOptions(
                get(JobSettings.BURN_IN_STEPS),
                stateTtl(),
                OnStateMismatch.parse(get(JobSettings.ON_STATE_MISMATCH)),
                get(JobSettings.BUNDLE_SIZE),
                get(JobSettings.BUNDLE_WAIT),
                topK());
    }

    /** The step options for serving this model: a top-k over the size of one of its outputs is refused. */
    public StepOptions stepOptions(Model model) {
        String problem = OutputEncoder.topKProblem(model.outputs(), topK());
        if (problem != null) {
            throw new ConfigException(JobSettings.TOP_K.key() + " " + problem);
        }
        return stepOptions();
    }

    /** Each output's N largest values instead of the whole vector; 0: the whole vector. */
    public int topK() {
        Integer k = get(JobSettings.TOP_K);
        return k == null ? 0 : k;
    }

    /**
     * Where checkpoints go; null: the cluster's execution.checkpointing.dir ({@link #LOCAL_CHECKPOINT_DIR} locally).
     */
    public String checkpointDir() {
        return get(JobSettings.CHECKPOINT_DIR);
    }

    public boolean rocksdb() {
        return "rocksdb".equals(get(JobSettings.STATE_BACKEND));
    }

    public boolean exactlyOnce() {
        return "exactly-once".equals(get(JobSettings.DELIVERY));
    }

    public int maxRecordBytes() {
        return get(JobSettings.MAX_RECORD_BYTES);
    }

    /** Longer keys (in UTF-8) are dead letters: a key is a Kafka record key and a state key. */
    public int maxKeyBytes() {
        return get(JobSettings.MAX_KEY_BYTES);
    }

    /**
     * What the model loader may read: model files declaring more weight values are refused, and so are weights that
     * are not finite unless allowed.
     */
    public LoadLimits loadLimits() {
        return new LoadLimits(get(JobSettings.MAX_MODEL_PARAMETERS), get(JobSettings.ALLOW_NON_FINITE_WEIGHTS));
    }

    /** Unique per job (its group id by default), so that two jobs never fence each other's transactions. */
    public String transactionalIdPrefix() {
        String p = get(JobSettings.TRANSACTIONAL_ID_PREFIX);
        return p != null ? p : groupId();
    }

    /** The {@code kafka.*} settings, prefix removed; a copy the caller may change. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(kafka);
        return p;
    }

    /** A setting that is missing or wrong; the message is for the user as it is. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
