package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.cli.CommandRun;
import lstmjob.testing.CausalConvCases;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaAndFlink;
import lstmjob.testing.KafkaJobRunner;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.OracleCases;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Kafka job, stopped with a savepoint in the middle of an oracle case's stream; its states exported
 * ({@code states export}, JSON Lines and HDF5) and imported into a new savepoint built from the stopped job's
 * ({@code states import --from-savepoint}, so the Kafka offsets carry over); the job resumed from that savepoint
 * gives exactly the uninterrupted output. One key's exported state is also imported under a new key name: fed the
 * same next records as the old key, the new key predicts what the old key predicts. For an LSTM stack and for a
 * model whose causal convolution keeps its past inputs as state.
 */
class ExportImportResumeTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model, the stream it is fed and the outputs expected of it. */
    record Case(String name, Path model, Path stream, Path expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        // an LSTM stack (3 LSTM layers) with several keys, chunks, ends, control resets and replays
        OracleCases.ModelCase lstm = OracleCases.all().stream()
                .filter(m -> m.caseName().equals("case-20") && m.modelFile().equals("model.keras"))
                .findFirst()
                .orElseThrow();
        // a causal convolution (kernel 3, dilation 2) whose past inputs are key state, before an LSTM
        String conv = CausalConvCases.CONV_LSTM_DENSE;
        return List.of(
                new Case("states", lstm.model(), lstm.stream(), lstm.expected()),
                new Case(
                        "states-conv",
                        CausalConvCases.model(conv),
                        CausalConvCases.stream(conv),
                        CausalConvCases.expected(conv)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportImportResumeGivesTheUninterruptedOutput(Case c, @TempDir Path dir) throws Exception {
        String name = c.name();
        env.createTopic(name + ".samples", 2);
        env.createTopic(name + ".predictions", 2);
        List<String> stream = Files.readAllLines(c.stream(), StandardCharsets.UTF_8);
        int half = stream.size() / 2;
        Map<String, String> settings =
                KafkaJobRunner.settings(env.bootstrapServers(), name, c.model(), dir.resolve("chk"));
        settings.put("parallelism", "1");

        KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", stream.subList(0, half));
        JobClient first = KafkaJobRunner.start(settings);
        KafkaTestSupport.readCommitted(env.bootstrapServers(), name + ".predictions", 1, Duration.ofSeconds(60));
        KafkaTestSupport.readCommittedUntilQuiet(
                env.bootstrapServers(), name + ".predictions", Duration.ofSeconds(3), Duration.ofSeconds(60));
        String savepoint = first.stopWithSavepoint(
                        false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        Map<String, List<String>> firstHalf = outputsByKey(KafkaTestSupport.readCommittedUntilQuiet(
                env.bootstrapServers(), name + ".predictions", Duration.ofSeconds(2), Duration.ofSeconds(30)));
        assertTrue(!firstHalf.isEmpty(), "the first half gave outputs before the savepoint");

        // export in both formats
        Path jsonl = dir.resolve("states.jsonl");
        Path h5 = dir.resolve("states.h5");
        cli("states", "export", "--savepoint", savepoint, "--model", c.model().toString(), "--out", jsonl.toString());
        cli("states", "export", "--savepoint", savepoint, "--model", c.model().toString(), "--out", h5.toString());

        // the key with the most records in the second half, and a copy of its exported state under a new name
        String old = busiestKey(stream.subList(half, stream.size()));
        String copy = old + " (copy)";
        JsonNode oldState = exportedLine(jsonl, old);
        assertNotNull(oldState, "the export holds the state of " + old);
        Path copyFile = dir.resolve("copy.jsonl");
        Files.writeString(
                copyFile, JSON.writeValueAsString(((ObjectNode) oldState.deepCopy()).put("key", copy)) + "\n");

        // every exported state (HDF5) into a savepoint built from the stopped job's, then the copy on top of that
        Path imported = dir.resolve("imported");
        Path withCopy = dir.resolve("with-copy");
        cli(
                "states",
                "import",
                "--in",
                h5.toString(),
                "--model",
                c.model().toString(),
                "--out-savepoint",
                imported.toString(),
                "--from-savepoint",
                savepoint);
        cli(
                "states",
                "import",
                "--in",
                copyFile.toString(),
                "--model",
                c.model().toString(),
                "--out-savepoint",
                withCopy.toString(),
                "--from-savepoint",
                imported.toString());

        // the second half, and the old key's second-half records once more under the copy's name
        List<String> rest = new ArrayList<>(stream.subList(half, stream.size()));
        List<String> copied = new ArrayList<>();
        for (String line : rest) {
            JsonNode n = JSON.readTree(line);
            if (old.equals(n.path("key").asText(null))) {
                copied.add(JSON.writeValueAsString(((ObjectNode) n).put("key", copy)));
            }
        }
        rest.addAll(copied);
        KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", rest);

        Map<String, List<JsonNode>> expected = ExpectedOutputs.read(c.expected());
        List<JsonNode> oldExpected = expected.get(old);
        int oldBefore = firstHalf.getOrDefault(old, List.of()).size();
        List<JsonNode> copyExpected = new ArrayList<>();
        for (JsonNode n : oldExpected.subList(oldBefore, oldExpected.size())) {
            copyExpected.add(((ObjectNode) n.deepCopy()).put("key", copy));
        }
        assertTrue(copyExpected.size() > 0, old + " has outputs in the second half");
        int expectedCount = expected.values().stream().mapToInt(List::size).sum() + copyExpected.size();

        settings.put("parallelism", "2");
        JobClient second = KafkaJobRunner.start(settings, withCopy.toString());
        try {
            List<KafkaTestSupport.Message> all = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".predictions", expectedCount, Duration.ofSeconds(120));
            Map<String, List<JsonNode>> actual = ExpectedOutputs.group(KafkaTestSupport.values(all));
            List<JsonNode> copyActual = actual.remove(copy);
            ExpectedOutputs.assertMatches(expected, actual, "resumed from the imported " + withCopy);
            ExpectedOutputs.assertMatches(
                    Map.of(copy, copyExpected),
                    Map.of(copy, copyActual == null ? List.of() : copyActual),
                    "the copy of " + old);
            // and exactly what the old key itself predicted after the savepoint, but for the key
            List<JsonNode> oldAfter =
                    actual.get(old).subList(oldBefore, actual.get(old).size());
            assertEquals(oldAfter.size(), copyActual.size());
            for (int i = 0; i < oldAfter.size(); i++) {
                assertEquals(
                        ((ObjectNode) oldAfter.get(i).deepCopy()).put("key", copy),
                        copyActual.get(i),
                        "output #" + (i + 1) + " after the savepoint");
            }
        } finally {
            KafkaJobRunner.cancel(second);
        }
        KafkaTestSupport.assertNothingDoubled(env.bootstrapServers(), name + ".predictions", expectedCount);
    }

    /**
     * RocksDB's native savepoint format (which only RocksDB reads) exports the same states as the canonical format
     * taken of the same job at the same point.
     */
    @Test
    void exportReadsNativeRocksDbSavepoints(@TempDir Path dir) throws Exception {
        OracleCases.ModelCase c = OracleCases.all().stream()
                .filter(m -> m.caseName().equals("case-20") && m.modelFile().equals("model.keras"))
                .findFirst()
                .orElseThrow();
        String name = "native";
        env.createTopic(name + ".samples", 2);
        env.createTopic(name + ".predictions", 2);
        Map<String, String> settings =
                KafkaJobRunner.settings(env.bootstrapServers(), name, c.model(), dir.resolve("chk"));
        KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", c.stream());
        JobClient job = KafkaJobRunner.start(settings);
        KafkaTestSupport.readCommitted(env.bootstrapServers(), name + ".predictions", 1, Duration.ofSeconds(60));
        KafkaTestSupport.readCommittedUntilQuiet(
                env.bootstrapServers(), name + ".predictions", Duration.ofSeconds(3), Duration.ofSeconds(60));
        String canonical = job.triggerSavepoint(
                        dir.resolve("canonical").toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        String nativeFormat = job.stopWithSavepoint(
                        false, dir.resolve("native").toUri().toString(), SavepointFormatType.NATIVE)
                .get();
        assertTrue(
                StepSavepoint.load(nativeFormat).backend()
                        instanceof org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend,
                "a native RocksDB savepoint");

        Path fromCanonical = dir.resolve("canonical.jsonl");
        Path fromNative = dir.resolve("native.jsonl");
        cli(
                "states",
                "export",
                "--savepoint",
                canonical,
                "--model",
                c.model().toString(),
                "--out",
                fromCanonical.toString());
        cli(
                "states",
                "export",
                "--savepoint",
                nativeFormat,
                "--model",
                c.model().toString(),
                "--out",
                fromNative.toString());
        Map<String, JsonNode> expected = linesByKey(fromCanonical);
        assertTrue(expected.size() >= 3, "the case's keys have states: " + expected.keySet());
        assertEquals(expected, linesByKey(fromNative));
    }

    private static Map<String, JsonNode> linesByKey(Path jsonl) throws Exception {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            JsonNode n = JSON.readTree(line);
            assertEquals(null, byKey.put(n.path("key").asText(), n), "one line per key");
        }
        return byKey;
    }

    private static void cli(String... args) {
        CommandRun r = CommandRun.of(args);
        assertEquals(0, r.code(), String.join(" ", args) + ":\n" + r.out() + r.err());
    }

    private static Map<String, List<String>> outputsByKey(List<KafkaTestSupport.Message> messages) throws Exception {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (KafkaTestSupport.Message m : messages) {
            byKey.computeIfAbsent(JSON.readTree(m.value()).path("key").asText(), k -> new ArrayList<>())
                    .add(m.value());
        }
        return byKey;
    }

    private static String busiestKey(List<String> lines) throws Exception {
        Map<String, Integer> count = new HashMap<>();
        for (String line : lines) {
            String key = JSON.readTree(line).path("key").asText(null);
            if (key != null) {
                count.merge(key, 1, Integer::sum);
            }
        }
        return count.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    private static JsonNode exportedLine(Path jsonl, String key) throws Exception {
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            JsonNode n = JSON.readTree(line);
            if (key.equals(n.path("key").asText())) {
                return n;
            }
        }
        return null;
    }
}
