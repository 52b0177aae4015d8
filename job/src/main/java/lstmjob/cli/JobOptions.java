package lstmjob.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The job's settings as flags; each overrides the key of the same name in conf/job.yaml. */
public final class JobOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "settings file (default: conf/job.yaml when present)")
    Path config;

    @Option(names = "--model", paramLabel = "FILE", description = "model file: .keras, .h5 or TF.js model.json")
    String model;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,..]", description = "Kafka brokers (default localhost:9092)")
    String bootstrapServers;

    @Option(names = "--input-topic", paramLabel = "TOPIC", description = "samples topic (default lstm.samples)")
    String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC", description = "predictions and resets (default lstm.predictions)")
    String outputTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", description = "rejected records (default lstm.dead-letters)")
    String deadLetterTopic;

    @Option(names = "--states-topic", paramLabel = "TOPIC", description = "answers to get-state records (default lstm.states)")
    String statesTopic;

    @Option(names = "--burn-in-steps", paramLabel = "N",
            description = "after each reset, a key's first N steps update its state but emit no prediction (default 0)")
    String burnInSteps;

    @Option(names = "--state-ttl", paramLabel = "DURATION",
            description = "drop a key idle this long, with an 'expired' reset record (default: never)")
    String stateTtl;

    @Option(names = "--on-state-mismatch", paramLabel = "fail|reset",
            description = "resuming with a model of another state layout: refuse (default), or restart those keys from zeros")
    String onStateMismatch;

    @Option(names = "--bundle-size", paramLabel = "N",
            description = "step up to N keys together in one matrix-matrix step (default 64; 1 turns bundling off)")
    String bundleSize;

    @Option(names = "--bundle-wait", paramLabel = "DURATION",
            description = "hold a record at most this long for a bundle to fill (default 5ms)")
    String bundleWait;

    @Option(names = "--group-id", paramLabel = "ID", description = "consumer group; also the transactional-id prefix (default lstm-job)")
    String groupId;

    @Option(names = "--starting-offsets", paramLabel = "MODE",
            description = "committed (default; earliest for a group with no offsets), earliest or latest")
    String startingOffsets;

    @Option(names = "--parallelism", paramLabel = "N", description = "job parallelism (default: flink run -p, the cluster's default, or the cores of a local run)")
    String parallelism;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", description = "e.g. 10s, 500ms (default 10s)")
    String checkpointInterval;

    @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "default: the cluster's execution.checkpointing.dir; file:///tmp/lstm-job/checkpoints locally")
    String checkpointDir;

    @Option(names = "--state-backend", paramLabel = "KIND", description = "rocksdb (default, incremental checkpoints) or heap")
    String stateBackend;

    @Option(names = "--delivery", paramLabel = "MODE", description = "exactly-once (default) or at-least-once")
    String delivery;

    @Option(names = "--max-record-bytes", paramLabel = "N", description = "larger input records are dead letters (default 1048576)")
    String maxRecordBytes;

    @Option(names = "--max-key-bytes", paramLabel = "N",
            description = "records whose key is over N bytes (UTF-8) are dead letters (default 1024)")
    String maxKeyBytes;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX", description = "default: the group id")
    String transactionalIdPrefix;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "a Kafka client property for source and sinks (repeatable), e.g. security.protocol=SSL")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** Resolves defaults, the settings file, then these flags. */
    public JobConfig resolve() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "model", model);
        put(flags, "bootstrap-servers", bootstrapServers);
        put(flags, "input-topic", inputTopic);
        put(flags, "output-topic", outputTopic);
        put(flags, "dead-letter-topic", deadLetterTopic);
        put(flags, "states-topic", statesTopic);
        put(flags, "burn-in-steps", burnInSteps);
        put(flags, "state-ttl", stateTtl);
        put(flags, "on-state-mismatch", onStateMismatch);
        put(flags, "bundle-size", bundleSize);
        put(flags, "bundle-wait", bundleWait);
        put(flags, "group-id", groupId);
        put(flags, "starting-offsets", startingOffsets);
        put(flags, "parallelism", parallelism);
        put(flags, "checkpoint-interval", checkpointInterval);
        put(flags, "checkpoint-dir", checkpointDir);
        put(flags, "state-backend", stateBackend);
        put(flags, "delivery", delivery);
        put(flags, "max-record-bytes", maxRecordBytes);
        put(flags, "max-key-bytes", maxKeyBytes);
        put(flags, "transactional-id-prefix", transactionalIdPrefix);
        kafkaProperties.forEach((k, v) -> flags.put("kafka." + k, v));
        return JobConfig.resolve(config, flags);
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
