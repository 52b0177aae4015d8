package lstmjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --top-k}: predictions give the largest values with their indices, and a top-k over the size of an output is
 * a usage error before anything starts, in run, replay and demo.
 */
class TopKTest {

    private static final Path EXAMPLE = Path.of("../example");
    private static final String MODEL = EXAMPLE.resolve("running-count.keras").toString();

    private static int execute(StringWriter err, String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    private static int replay(Path out, StringWriter err, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "replay",
                "--model",
                MODEL,
                "--input",
                EXAMPLE.resolve("running-count.stream.jsonl").toString(),
                "--output",
                out.toString()));
        args.addAll(List.of(options));
        return execute(err, args.toArray(String[]::new));
    }

    @Test
    void replayWritesTheLargestValuesWithTheirIndices(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, replay(out, err, "--top-k", "1"), err.toString());
        ObjectMapper json = new ObjectMapper();
        // outputs of different keys may interleave: compare each key's outputs in order
        Map<String, List<JsonNode>> got = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = json.readTree(line);
            got.computeIfAbsent(n.path("key").asText(), k -> new ArrayList<>()).add(n);
        }
        Map<String, List<JsonNode>> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(EXAMPLE.resolve("running-count.expected.jsonl"))) {
            JsonNode n = json.readTree(line);
            expected.computeIfAbsent(n.path("key").asText(), k -> new ArrayList<>())
                    .add(n);
        }
        assertEquals(expected.keySet(), got.keySet());
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key).size(), got.get(key).size(), key);
            for (int i = 0; i < expected.get(key).size(); i++) {
                JsonNode e = expected.get(key).get(i);
                JsonNode g = got.get(key).get(i);
                assertEquals(e.path("type").asText(), g.path("type").asText());
                if (!"prediction".equals(e.path("type").asText())) {
                    continue;
                }
                assertEquals(e.path("step").asLong(), g.path("step").asLong());
                assertEquals(1, g.path("y").path("indices").size(), g.toString());
                assertEquals(0, g.path("y").path("indices").path(0).asInt(), g.toString());
                double want = e.path("y").path(0).asDouble();
                double value = g.path("y").path("values").path(0).asDouble();
                assertEquals(want, value, 1e-5 * Math.max(1, Math.abs(want)), g.toString());
            }
        }
    }

    @Test
    void aTopKOverTheOutputIsAUsageErrorInEveryCommand(@TempDir Path dir) {
        String message = "top-k 2 is more than the model's output";
        StringWriter err = new StringWriter();
        Path out = dir.resolve("out.jsonl");
        assertEquals(2, replay(out, err, "--top-k", "2"), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
        assertTrue(err.toString().contains("has: 1 value"), err.toString());
        assertFalse(Files.exists(out), "nothing written");

        StringWriter runErr = new StringWriter();
        assertEquals(
                2,
                execute(runErr, "run", "--model", MODEL, "--bootstrap-servers", "127.0.0.1:1", "--top-k", "2"),
                runErr.toString());
        assertTrue(runErr.toString().contains(message), runErr.toString());

        StringWriter demoErr = new StringWriter();
        assertEquals(2, execute(demoErr, "demo", "--seconds", "1", "--top-k", "2"), demoErr.toString());
        assertTrue(demoErr.toString().contains(message), demoErr.toString());
    }

    @Test
    void aTopKBelowOneOrWithAReportIsAUsageError(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertEquals(2, replay(dir.resolve("a.jsonl"), err, "--top-k", "0"), err.toString());
        assertTrue(err.toString().contains("top-k must be at least 1"), err.toString());

        StringWriter reportErr = new StringWriter();
        assertEquals(
                2,
                replay(
                        dir.resolve("b.jsonl"),
                        reportErr,
                        "--top-k",
                        "1",
                        "--report",
                        dir.resolve("r.html").toString()),
                reportErr.toString());
        assertTrue(reportErr.toString().contains("--top-k"), reportErr.toString());
    }
}
