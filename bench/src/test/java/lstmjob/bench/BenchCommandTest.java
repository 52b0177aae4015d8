package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lstmjob.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} end to end, short: every part runs and reports every row with a positive figure, in the table and
 * in the JSON, and it leaves nothing behind in the temporary directory. No figure is held to a speed here.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void shortRunReportsEveryRowWithPositiveNumbers() throws Exception {
        Path model = dir.resolve("model/model.json");
        Path json = dir.resolve("out/bench.json");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> tmpBefore = entries(tmp);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));

        int code = cmd.execute(
                "bench",
                "--make-model",
                "lstm:32,input:8",
                "--model",
                model.toString(),
                "--seconds",
                "1",
                "--keys",
                "1000",
                "--out",
                json.toString());

        assertEquals(0, code, out + "\n" + err);
        JsonNode rows = new ObjectMapper().readTree(json.toFile()).path("rows");
        List<String> expected = List.of(
                "kernel|textbook float[] loops, 1 key per call|key-steps/s",
                "kernel|1 key per call|key-steps/s",
                "kernel|1 key per call|ns/key-step",
                "kernel|1 key per call, vs textbook loops|×",
                "kernel|1 key per call|GFLOP/s",
                "kernel|bundles of 16 keys|key-steps/s",
                "kernel|bundles of 64 keys|key-steps/s",
                "kernel|bundles of 64 keys|GFLOP/s",
                "kernel|bundles of 256 keys|key-steps/s",
                "codec|decode a sample (JSON → record)|ns/record",
                "codec|encode a prediction (record → JSON)|ns/record",
                "operator|heap state, 1,000 keys|records/s",
                "operator|rocksdb state, 1,000 keys|records/s",
                "operator|heap state, 1,000 keys, per CPU-second of the step task's thread|records/CPU-s",
                "operator|rocksdb state, 1,000 keys, per CPU-second of the whole JVM|records/CPU-s",
                "end to end|at-least-once, sustained|samples/s",
                "end to end|at-least-once, sustained, per CPU-second of this JVM|samples/CPU-s",
                "end to end|at-least-once, latency p50 at|ms",
                "end to end|at-least-once, latency p99 at|ms",
                "end to end|at-least-once, latency p99.9 at|ms",
                "end to end|exactly-once (readable at checkpoints), sustained|samples/s",
                "end to end|exactly-once (readable at checkpoints), latency p50 at|ms",
                "end to end|exactly-once (readable at checkpoints), latency p99 at|ms",
                "end to end|exactly-once (readable at checkpoints), latency p99.9 at|ms",
                "operator|no-model job, heap state, 1,000 keys|records/s",
                "operator|no-model job, rocksdb state, 1,000 keys, per CPU-second of the step task's thread"
                        + "|records/CPU-s",
                "end to end|no-model job, at-least-once, sustained|samples/s",
                "end to end|no-model job, exactly-once (readable at checkpoints), sustained|samples/s",
                "breakdown|operator, heap state, 1,000 keys: all|ns/record",
                "breakdown|operator, rocksdb state, 1,000 keys: all|ns/record",
                "breakdown|end to end, at-least-once, sustained: all|ns/record",
                "breakdown|end to end, exactly-once, sustained: all|ns/record");
        // each of the job's operator and sustained rows, as a ratio to the same row of the no-model job
        List<String> compared = List.of(
                "operator|heap state, 1,000 keys|records/s",
                "operator|rocksdb state, 1,000 keys, per CPU-second of the whole JVM|records/CPU-s",
                "end to end|at-least-once, sustained|samples/s",
                "end to end|exactly-once (readable at checkpoints), sustained|samples/s");
        String table = out.toString();
        for (String e : expected) {
            JsonNode row = find(rows, e);
            double result = row.path("result").asDouble();
            assertTrue(result > 0 && Double.isFinite(result), e + ": " + row);
            assertTrue(table.contains(row.path("setting").asText()), "the table lacks " + row + "\n" + table);
        }
        for (String e : compared) {
            JsonNode row = find(rows, e);
            String setting = row.path("setting").asText();
            JsonNode noModel = find(rows, e.replaceFirst("\\|", "|no-model job, "));
            assertEquals(
                    row.path("result").asDouble() / noModel.path("result").asDouble(),
                    row.path("vs_no_model").asDouble(),
                    1e-9,
                    setting);
            assertTrue(
                    table.lines()
                            .anyMatch(l -> l.contains(setting)
                                    && l.endsWith(String.format(
                                            java.util.Locale.ROOT,
                                            "%.2f",
                                            row.path("vs_no_model").asDouble()))),
                    setting + "\n" + table);
        }
        for (JsonNode row : rows) {
            List<String> fields = row.has("vs_no_model")
                    ? List.of("what", "setting", "result", "unit", "vs_no_model")
                    : List.of("what", "setting", "result", "unit");
            assertEquals(fields, fieldNames(row), "only the measurement: " + row);
        }
        assertTrue(table.contains("wrote " + json), table);
        assertEquals(
                tmpBefore,
                entries(tmp),
                "bench leaves nothing in the temporary directory (its own, the " + "broker's, the MiniClusters')");
    }

    /** The row matching {@code "what|setting prefix|unit"} or {@code "what|setting prefix|setting suffix|unit"}. */
    private static JsonNode find(JsonNode rows, String spec) {
        String[] p = spec.split("\\|");
        String suffix = p.length == 4 ? p[2] : "";
        for (JsonNode row : rows) {
            String setting = row.path("setting").asText();
            if (row.path("what").asText().equals(p[0])
                    && row.path("unit").asText().equals(p[p.length - 1])
                    && setting.startsWith(p[1])
                    && setting.endsWith(suffix)) {
                return row;
            }
        }
        throw new AssertionError("no row " + spec + " in " + rows.toPrettyString());
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Path> entries(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return new ArrayList<>(s.sorted().toList());
        }
    }
}
