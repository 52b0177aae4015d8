package lstmjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.Main;
import lstmjob.config.JobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * A Keras model given as architecture JSON ({@code --model}) and {@code save_weights} file ({@code --weights}) on
 * the command line: {@code replay} gives the oracle case's expected outputs (computed by TensorFlow.js), {@code
 * inspect} describes it as the whole-model file; the JSON alone is a usage error saying what to add.
 */
class KerasJsonWeightsCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Made from oracle cases by tools/reference/keras_json_weights.py. */
    private static final Path PAIRS = Path.of("../operators/src/test/resources/keras-json");

    private static final Path ORACLE = Path.of("../operators/src/test/resources/oracle");

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "k2-case-1,  weights.h5,       case-1, expected.jsonl",
        "k2-case-15, weights.h5,       case-15, expected.jsonl",
        "k3-case-7,  model.weights.h5, case-7, expected.keras3.jsonl",
    })
    void replayServesTheModelAsKerasComputesIt(
            String pair, String weights, String oracle, String expected, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        Run r = run(
                "replay",
                "--model",
                PAIRS.resolve(pair).resolve("arch.json").toString(),
                "--weights",
                PAIRS.resolve(pair).resolve(weights).toString(),
                "--input",
                ORACLE.resolve(oracle).resolve("stream.jsonl").toString(),
                "--output",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertSameOutputs(ORACLE.resolve(oracle).resolve(expected), out);
    }

    @Test
    void replayOfAnArchitectureWithoutWeightsIsAUsageErrorSayingWhatToAdd(@TempDir Path dir) {
        Path out = dir.resolve("out.jsonl");
        Run r = run(
                "replay",
                "--model",
                PAIRS.resolve("k3-case-1/arch.json").toString(),
                "--input",
                ORACLE.resolve("case-1/stream.jsonl").toString(),
                "--output",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err()
                        .contains("holds no weights: give the weights file saved by model.save_weights(...) "
                                + "with --weights FILE"),
                r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void replayOfAWeightsFileAsTheModelSaysToGiveTheArchitecture(@TempDir Path dir) {
        Run r = run(
                "replay",
                "--model",
                PAIRS.resolve("k2-case-1/weights.h5").toString(),
                "--input",
                ORACLE.resolve("case-1/stream.jsonl").toString(),
                "--output",
                dir.resolve("out.jsonl").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("as --model and this file as --weights"), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "k2-case-7, weights.h5,       model.h5",
        "k3-case-7, model.weights.h5, model.keras",
    })
    void inspectDescribesItAsTheWholeModelFile(String pair, String weights, String whole) {
        Run r = run(
                "inspect",
                PAIRS.resolve(pair).resolve("arch.json").toString(),
                "--weights",
                PAIRS.resolve(pair).resolve(weights).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Format: keras-json, Keras version "), r.out());
        assertTrue(r.out().contains("Servable: yes"), r.out());
        Run w = run("inspect", ORACLE.resolve("case-7").resolve(whole).toString());
        assertEquals(fingerprint(w.out()), fingerprint(r.out()));
        assertEquals(lines(w.out(), "Input: "), lines(r.out(), "Input: "));
        assertEquals(lines(w.out(), "Output: "), lines(r.out(), "Output: "));
    }

    @Test
    void inspectOfAnArchitectureWithoutWeightsIsAUsageError() {
        Run r = run("inspect", PAIRS.resolve("k2-case-1/arch.json").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--weights FILE"), r.err());
    }

    @Test
    void inspectOfWeightsThatDoNotFitNamesTheLayer(@TempDir Path dir) throws Exception {
        Path arch = dir.resolve("arch.json");
        Files.writeString(
                arch,
                Files.readString(PAIRS.resolve("k2-case-1/arch.json")).replaceFirst("\"units\": 6", "\"units\": 7"));
        Run r = run(
                "inspect",
                arch.toString(),
                "--weights",
                PAIRS.resolve("k2-case-1/weights.h5").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Servable: no: "), r.out());
        assertTrue(r.out().contains("layer 'gru_1' (GRU)"), r.out());
    }

    @Test
    void statesOfAnArchitectureWithoutWeightsIsAUsageError(@TempDir Path dir) {
        Run r = run(
                "states",
                "export",
                "--savepoint",
                dir.resolve("savepoint").toString(),
                "--model",
                PAIRS.resolve("k2-case-1/arch.json").toString(),
                "--out",
                dir.resolve("states.jsonl").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--weights FILE"), r.err());
    }

    @Test
    void runTakesWeightsAsASetting() {
        JobConfig c = JobConfig.withoutFile(Map.of("model", "arch.json", "weights", "model.weights.h5"));
        assertEquals(Path.of("model.weights.h5"), c.weights());
        assertEquals(null, JobConfig.withoutFile(Map.of("model", "m.keras")).weights());
        assertTrue(run("run", "--help").out().contains("--weights=FILE"));
    }

    private static String fingerprint(String summary) {
        return lines(summary, "State layout fingerprint:").get(0);
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** Per key, the same records in the same order, y within the contract's tolerance. */
    private static void assertSameOutputs(Path expected, Path actual) throws Exception {
        Map<String, List<JsonNode>> want = byKey(expected);
        Map<String, List<JsonNode>> got = byKey(actual);
        assertEquals(want.keySet(), got.keySet(), "keys with outputs");
        for (String key : want.keySet()) {
            List<JsonNode> w = want.get(key);
            List<JsonNode> g = got.get(key);
            assertEquals(w.size(), g.size(), "outputs of " + key);
            for (int i = 0; i < w.size(); i++) {
                String where = key + " #" + i + ": " + g.get(i) + " vs " + w.get(i);
                for (String f : List.of("type", "seq", "step", "reason")) {
                    assertEquals(w.get(i).path(f), g.get(i).path(f), where);
                }
                JsonNode wy = w.get(i).path("y");
                JsonNode gy = g.get(i).path("y");
                assertEquals(wy.size(), gy.size(), where);
                for (int j = 0; j < wy.size(); j++) {
                    double e = wy.get(j).asDouble();
                    assertTrue(Math.abs(gy.get(j).asDouble() - e) <= 1e-5 * Math.max(1, Math.abs(e)), where + " y" + j);
                }
            }
        }
    }

    private static Map<String, List<JsonNode>> byKey(Path file) throws Exception {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                out.computeIfAbsent(n.path("key").asText(), k -> new ArrayList<>())
                        .add(n);
            }
        }
        return out;
    }
}
