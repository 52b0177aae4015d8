package lstmjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lstmjob.Main;
import lstmjob.config.JobConfig;
import lstmjob.state.OnStateMismatch;
import lstmjob.step.StepOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The flags of {@code run} and {@code replay}: their help with the documented defaults, and what they resolve to. */
class JobOptionsTest {

    /** Each flag of {@code run} and its default as README's Configuration table states it. */
    private static final Map<String, String> RUN_DEFAULTS = Map.ofEntries(
            Map.entry("--bootstrap-servers", "localhost:9092"),
            Map.entry("--input-topic", "lstm.samples"),
            Map.entry("--output-topic", "lstm.predictions"),
            Map.entry("--dead-letter-topic", "lstm.dead-letters"),
            Map.entry("--states-topic", "lstm.states"),
            Map.entry("--create-topics", "false"),
            Map.entry("--topic-partitions", "the broker's num.partitions"),
            Map.entry("--topic-replication", "the broker's default.replication.factor"),
            Map.entry("--burn-in-steps", "0"),
            Map.entry("--state-ttl", "never"),
            Map.entry("--on-state-mismatch", "fail"),
            Map.entry("--bundle-size", "64"),
            Map.entry("--bundle-wait", "5ms"),
            Map.entry("--top-k", "off"),
            Map.entry("--group-id", "lstm-job"),
            Map.entry("--starting-offsets", "committed"),
            Map.entry("--parallelism", "flink run -p, the cluster's default, or the cores of a local run"),
            Map.entry("--checkpoint-interval", "10s"),
            Map.entry(
                    "--checkpoint-dir",
                    "the cluster's execution.checkpointing.dir; " + "file:///tmp/lstm-job/checkpoints locally"),
            Map.entry("--state-backend", "rocksdb"),
            Map.entry("--delivery", "exactly-once"),
            Map.entry("--max-record-bytes", "1048576"),
            Map.entry("--allow-non-finite-weights", "false"),
            Map.entry("--transactional-id-prefix", "the group id"),
            Map.entry("--config", "conf/job.yaml when present"));

    private static String help(String command) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setUsageHelpWidth(400); // one line per flag, so that a default is never split
        assertEquals(0, cl.execute(command, "--help"));
        return out.toString();
    }

    /** The flag's entry: its line, and the next when the flag is too long for the description to fit beside. */
    private static String line(String help, String flag) {
        List<String> lines = help.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String entry = lines.get(i).trim();
            if (entry.startsWith(flag + "=") || entry.startsWith(flag + "[=")) { // [=: a flag whose value is optional
                boolean wrapped =
                        i + 1 < lines.size() && !lines.get(i + 1).trim().startsWith("-");
                return wrapped ? lines.get(i) + lines.get(i + 1) : lines.get(i);
            }
        }
        throw new AssertionError("no " + flag + " in\n" + help);
    }

    @Test
    void runHelpListsEverySettingWithItsDefault() {
        String help = help("run");
        RUN_DEFAULTS.forEach((flag, dflt) -> assertTrue(
                line(help, flag).contains("(default: " + dflt + ")"),
                flag + " should say its default " + dflt + ":\n" + line(help, flag)));
        assertTrue(
                line(help, "--model")
                        .contains("model file: .keras, .h5, TF.js model.json, .onnx, or a Keras architecture JSON"),
                help);
        assertTrue(line(help, "--weights").contains("(default: none, the model file holds them)"), help);
        assertTrue(line(help, "--kafka-property").contains("(repeatable)"), help);
    }

    @Test
    void replayHelpListsItsStepSettingsWithTheirDefaults() {
        String help = help("replay");
        assertTrue(line(help, "--bundle-size").contains("(default: 64)"), help);
        assertTrue(line(help, "--burn-in-steps").contains("(default: 0)"), help);
        assertTrue(line(help, "--max-record-bytes").contains("(default: 1048576)"), help);
        assertTrue(help.lines().noneMatch(l -> l.trim().startsWith("--group-id")), "replay reads no Kafka:\n" + help);
    }

    private static JobConfig resolveRun(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(all);
        return JobOptions.resolve(parsed.subcommand().commandSpec());
    }

    @Test
    void flagsOverrideTheFileWhichOverridesTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(
                file,
                "model: m.keras\nbundle-size: 8\nbundle-wait: 20ms\ngroup-id: from-file\n"
                        + "kafka.security.protocol: SSL\n");
        JobConfig c = resolveRun(
                "--config",
                file.toString(),
                "--bundle-size",
                "16",
                "--state-ttl",
                "30min",
                "--kafka-property",
                "sasl.mechanism=PLAIN");
        assertEquals(Path.of("m.keras"), c.model());
        assertEquals("from-file", c.groupId());
        assertEquals("from-file", c.transactionalIdPrefix(), "the group id by default");
        assertEquals("localhost:9092", c.bootstrapServers());
        assertEquals(
                new StepOptions(0, Duration.ofMinutes(30), OnStateMismatch.FAIL, 16, Duration.ofMillis(20)),
                c.stepOptions());
        assertEquals("SSL", c.kafkaProperties().getProperty("security.protocol"));
        assertEquals("PLAIN", c.kafkaProperties().getProperty("sasl.mechanism"));
        assertEquals(1 << 20, c.maxRecordBytes());
        assertEquals(Duration.ofSeconds(10), c.checkpointInterval());
        assertNull(c.parallelism());
        assertNull(c.checkpointDir());
        assertTrue(c.rocksdb());
        assertTrue(c.exactlyOnce());
    }

    @Test
    void createTopicsAloneSaysYes() {
        assertFalse(resolveRun().createTopics());
        assertTrue(resolveRun("--create-topics").createTopics());
        assertTrue(resolveRun("--create-topics", "--topic-partitions", "4").createTopics());
        assertFalse(resolveRun("--create-topics=false").createTopics());
        JobConfig c = resolveRun("--create-topics=true", "--topic-partitions", "4", "--topic-replication", "3");
        assertEquals(Optional.of(4), c.topicPartitions());
        assertEquals(Optional.of((short) 3), c.topicReplication());
        assertEquals(Optional.empty(), resolveRun().topicPartitions(), "the broker's num.partitions");
        JobConfig.ConfigException e =
                assertThrows(JobConfig.ConfigException.class, () -> resolveRun("--topic-partitions", "0"));
        assertEquals("topic-partitions must be at least 1", e.getMessage());
    }

    @Test
    void replayTakesTheStepSettingsBesideItsOwnModelFlag() {
        CommandLine.ParseResult parsed = Main.commandLine()
                .parseArgs(
                        "replay",
                        "--model",
                        "m.keras",
                        "--input",
                        "in",
                        "--output",
                        "out",
                        "--bundle-size",
                        "8",
                        "--burn-in-steps",
                        "2");
        Map<String, String> given = JobOptions.given(parsed.subcommand().commandSpec());
        assertEquals(Map.of("bundle-size", "8", "burn-in-steps", "2"), given);
        JobConfig c = JobConfig.withoutFile(given);
        assertEquals(new StepOptions(2, null, OnStateMismatch.FAIL, 8, Duration.ofMillis(5)), c.stepOptions());
        assertEquals(1 << 20, c.maxRecordBytes());
    }

    @Test
    void theShippedSettingsFileIsReadAsItIs() {
        JobConfig c = resolveRun("--config", "../conf/job.yaml");
        assertEquals(Path.of("example/running-count.keras"), c.model());
        assertEquals("committed", c.startingOffsets());
        assertEquals(1048576, c.maxRecordBytes());
    }
}
