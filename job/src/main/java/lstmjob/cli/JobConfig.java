package lstmjob.cli;

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
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import lstmjob.step.StepOptions;
import lstmjob.state.OnStateMismatch;
import org.apache.flink.util.TimeUtils;

/**
 * The job's settings: built-in defaults, then {@code conf/job.yaml} (or {@code --config}), then command-line
 * flags, each overriding the one before. Keys are the flag names without dashes ({@code bootstrap-servers});
 * keys starting with {@code kafka.} go, without the prefix, to every Kafka client.
 */
public final class JobConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Path DEFAULT_FILE = Path.of("conf", "job.yaml");

    /** Checkpoints of a local run (java -jar) when no checkpoint-dir is given. */
    public static final String LOCAL_CHECKPOINT_DIR = "file:///tmp/lstm-job/checkpoints";

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("bootstrap-servers", "localhost:9092"),
            Map.entry("input-topic", "lstm.samples"),
            Map.entry("output-topic", "lstm.predictions"),
            Map.entry("dead-letter-topic", "lstm.dead-letters"),
            Map.entry("states-topic", "lstm.states"),
            Map.entry("burn-in-steps", "0"),
            Map.entry("on-state-mismatch", "fail"),
            Map.entry("bundle-size", "64"),
            Map.entry("bundle-wait", "5ms"),
            Map.entry("group-id", "lstm-job"),
            Map.entry("starting-offsets", "committed"),
            Map.entry("checkpoint-interval", "10s"),
            Map.entry("state-backend", "rocksdb"),
            Map.entry("delivery", "exactly-once"),
            Map.entry("max-record-bytes", "1048576"),
            Map.entry("max-key-bytes", "1024"));

    private static final Set<String> KNOWN = Set.of("model", "bootstrap-servers", "input-topic", "output-topic",
            "dead-letter-topic", "states-topic", "burn-in-steps", "state-ttl", "on-state-mismatch", "bundle-size", "bundle-wait", "group-id", "starting-offsets", "parallelism", "checkpoint-interval",
            "checkpoint-dir", "state-backend", "delivery", "max-record-bytes", "max-key-bytes",
            "transactional-id-prefix");

    private final Map<String, String> values;

    private JobConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Resolves the settings.
     *
     * @param file  the YAML file, or null for {@link #DEFAULT_FILE} when it exists
     * @param flags flag values given on the command line (key without dashes → value)
     */
    public static JobConfig resolve(Path file, Map<String, String> flags) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        Path f = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        if (f != null) {
            v.putAll(readYaml(f));
        }
        v.putAll(flags);
        JobConfig c = new JobConfig(v);
        c.validate();
        return c;
    }

    /** Built-in defaults and the given settings only, whatever conf/job.yaml says (the demo, the bench). */
    public static JobConfig withoutFile(Map<String, String> settings) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        v.putAll(settings);
        JobConfig c = new JobConfig(v);
        c.validate();
        return c;
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
            if (!KNOWN.contains(e.getKey()) && !e.getKey().startsWith("kafka.")) {
                throw new ConfigException(file + ": unknown setting '" + e.getKey() + "'; known: " + KNOWN
                        + " and kafka.*");
            }
            if (!e.getValue().isValueNode()) {
                throw new ConfigException(file + ": setting '" + e.getKey() + "' must be a single value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private void validate() {
        oneOf("starting-offsets", "committed", "earliest", "latest");
        oneOf("state-backend", "rocksdb", "heap");
        oneOf("delivery", "exactly-once", "at-least-once");
        oneOf("on-state-mismatch", "fail", "reset");
        if (intValue("burn-in-steps") < 0) {
            throw new ConfigException("burn-in-steps must not be negative");
        }
        if (stateTtl() != null && (stateTtl().isZero() || stateTtl().isNegative())) {
            throw new ConfigException("state-ttl must be positive");
        }
        if (intValue("bundle-size") < 1 || intValue("bundle-size") > 4096) {
            throw new ConfigException("bundle-size must be in 1..4096 (1 turns bundling off)");
        }
        if (duration("bundle-wait").isNegative()) {
            throw new ConfigException("bundle-wait must not be negative");
        }
        if (parallelism() != null && parallelism() < 1) {
            throw new ConfigException("parallelism must be at least 1, got " + parallelism());
        }
        if (checkpointInterval().isNegative() || checkpointInterval().isZero()) {
            throw new ConfigException("checkpoint-interval must be positive");
        }
        if (maxRecordBytes() < 16) {
            throw new ConfigException("max-record-bytes must be at least 16");
        }
        if (maxKeyBytes() < 1) {
            throw new ConfigException("max-key-bytes must be at least 1");
        }
    }

    private void oneOf(String key, String... allowed) {
        String v = get(key);
        for (String a : allowed) {
            if (a.equals(v)) {
                return;
            }
        }
        throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    public String get(String key) {
        return values.get(key);
    }

    public String require(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("no " + key + ": give --" + key + " or set it in " + DEFAULT_FILE);
        }
        return v;
    }

    public Path model() {
        return Path.of(require("model"));
    }

    public String bootstrapServers() {
        return require("bootstrap-servers");
    }

    public String inputTopic() {
        return require("input-topic");
    }

    public String outputTopic() {
        return require("output-topic");
    }

    public String deadLetterTopic() {
        return require("dead-letter-topic");
    }

    public String groupId() {
        return require("group-id");
    }

    public String startingOffsets() {
        return get("starting-offsets");
    }

    /** The job's parallelism; null: Flink's (`flink run -p`, the cluster's default, or the cores of a local run). */
    public Integer parallelism() {
        return get("parallelism") == null ? null : intValue("parallelism");
    }

    public Duration checkpointInterval() {
        return duration("checkpoint-interval");
    }

    public String statesTopic() {
        return require("states-topic");
    }

    /** Idle time after which a key's state is dropped with an expired reset; null: keys never expire. */
    public Duration stateTtl() {
        return get("state-ttl") == null ? null : duration("state-ttl");
    }

    /** What the step operator does beyond the contract's defaults (burn-in, expiry, model changes), and bundling. */
    public StepOptions stepOptions() {
        return new StepOptions(intValue("burn-in-steps"), stateTtl(), OnStateMismatch.parse(get("on-state-mismatch")),
                intValue("bundle-size"), duration("bundle-wait"));
    }

    private Duration duration(String key) {
        try {
            return TimeUtils.parseDuration(get(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    /** Where checkpoints go; null: the cluster's execution.checkpointing.dir ({@link #LOCAL_CHECKPOINT_DIR} locally). */
    public String checkpointDir() {
        return get("checkpoint-dir");
    }

    public boolean rocksdb() {
        return "rocksdb".equals(get("state-backend"));
    }

    public boolean exactlyOnce() {
        return "exactly-once".equals(get("delivery"));
    }

    public int maxRecordBytes() {
        return intValue("max-record-bytes");
    }

    /** Longer keys (in UTF-8) are dead letters: a key is a Kafka record key and a RocksDB key. */
    public int maxKeyBytes() {
        return intValue("max-key-bytes");
    }

    /** Unique per job (its group id by default), so that two jobs never fence each other's transactions. */
    public String transactionalIdPrefix() {
        String p = get("transactional-id-prefix");
        return p != null ? p : groupId();
    }

    /** The {@code kafka.*} settings, prefix removed. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                p.setProperty(k.substring("kafka.".length()), v);
            }
        });
        return p;
    }

    private int intValue(String key) {
        try {
            return Integer.parseInt(get(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + get(key) + "'");
        }
    }

    /** A setting that is missing or wrong; the message is for the user as it is. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
