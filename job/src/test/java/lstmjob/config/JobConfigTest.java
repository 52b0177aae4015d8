package lstmjob.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong setting is refused with one message that names it; the messages are the ones users see. */
class JobConfigTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "starting-offsets    | newest | "
                        + "starting-offsets must be one of committed, earliest, latest, got 'newest'",
                "state-backend       | disk   | state-backend must be one of rocksdb, heap, got 'disk'",
                "delivery            | once   | delivery must be one of exactly-once, at-least-once, got 'once'",
                "on-state-mismatch   | keep   | on-state-mismatch must be one of fail, reset, got 'keep'",
                "burn-in-steps       | -1     | burn-in-steps must not be negative",
                "state-ttl           | 0s     | state-ttl must be positive",
                "bundle-size         | 0      | bundle-size must be in 1..4096 (1 turns bundling off)",
                "bundle-size         | 4097   | bundle-size must be in 1..4096 (1 turns bundling off)",
                "bundle-size         | many   | bundle-size must be a whole number, got 'many'",
                "parallelism         | 0      | parallelism must be at least 1, got 0",
                "checkpoint-interval | 0ms    | checkpoint-interval must be positive",
                "max-record-bytes    | 15     | max-record-bytes must be at least 16",
                "allow-non-finite-weights | yes | allow-non-finite-weights must be true or false, got 'yes'",
            })
    void refusesAWrongValue(String key, String value, String message) {
        JobConfig.ConfigException e =
                assertThrows(JobConfig.ConfigException.class, () -> JobConfig.withoutFile(Map.of(key, value)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aDurationThatIsNotOneSaysWhy() {
        JobConfig.ConfigException e = assertThrows(
                JobConfig.ConfigException.class, () -> JobConfig.withoutFile(Map.of("bundle-wait", "soon")));
        assertEquals(true, e.getMessage().startsWith("bundle-wait: "), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowedInTheFile(@TempDir Path dir) throws Exception {
        assertEquals(false, JobConfig.withoutFile(Map.of()).loadLimits().allowNonFiniteWeights());
        Path file = Files.writeString(dir.resolve("job.yaml"), "allow-non-finite-weights: true\n");
        assertEquals(true, JobConfig.resolve(file, Map.of()).loadLimits().allowNonFiniteWeights());
    }

    @Test
    void aMissingModelNamesTheFlagAndTheFile() {
        JobConfig.ConfigException e = assertThrows(
                JobConfig.ConfigException.class,
                () -> JobConfig.withoutFile(Map.of()).model());
        assertEquals("no model: give --model or set it in conf/job.yaml", e.getMessage());
    }

    @Test
    void anUnknownKeyInTheFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        assertEquals(
                file + ": unknown setting 'bundle-sise'; known: [model, weights, bootstrap-servers, input-topic, "
                        + "output-topic, dead-letter-topic, states-topic, create-topics, topic-partitions, "
                        + "topic-replication, burn-in-steps, state-ttl, on-state-mismatch, bundle-size, bundle-wait, top-k, "
                        + "group-id, starting-offsets, parallelism, checkpoint-interval, checkpoint-dir, "
                        + "state-backend, delivery, max-record-bytes, max-key-bytes, max-model-parameters, "
                        + "allow-non-finite-weights, transactional-id-prefix] and kafka.*",
                refusal(file, "bundle-sise: 8\n"));
    }

    @Test
    void aNestedValueInTheFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        assertEquals(file + ": setting 'group-id' must be a single value", refusal(file, "group-id:\n  a: b\n"));
    }

    private static String refusal(Path file, String yaml) throws Exception {
        Files.writeString(file, yaml);
        return assertThrows(JobConfig.ConfigException.class, () -> JobConfig.resolve(file, Map.of()))
                .getMessage();
    }
}
