package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table and the JSON carry the same rows: numbers right-aligned, as many digits as they need. */
class BenchTableTest {

    private static final BenchReport REPORT = new BenchReport(
            Map.of("cpu", "test cpu"),
            List.of(
                    BenchRow.of("operator", "rocksdb state", 80_000, "records/s")
                            .versus(BenchRow.of("operator", "no-model job, rocksdb state", 100_000, "records/s")),
                    BenchRow.of("operator", "heap state", 330_000.4, "records/s"),
                    BenchRow.of("end to end", "p99", 100, "ms"),
                    BenchRow.of("end to end", "p50", 12.5, "ms")),
            List.of("a note"));

    @Test
    void tableShowsEveryRowUnderItsHeaders() {
        String table = BenchTable.render(REPORT);
        List<String> lines = table.lines().toList();
        assertTrue(lines.contains("cpu  test cpu"), table);
        assertTrue(line(lines, "what").matches("what +setting +result +unit +vs no-model job"), table);
        assertTrue(line(lines, "rocksdb state").matches(".* 80,000  records/s +0\\.80"), table);
        assertTrue(line(lines, "heap state").endsWith("330,000  records/s"), table);
        assertTrue(line(lines, "p99").endsWith("    100  ms"), table);
        assertTrue(line(lines, "p50").endsWith("  12.50  ms"), table);
        assertTrue(lines.contains("note: a note"), table);
    }

    @Test
    void jsonCarriesTheSameFigures() {
        JsonNode json = BenchJson.toJson(REPORT);
        assertEquals("test cpu", json.path("context").path("cpu").asText());
        JsonNode rows = json.path("rows");
        assertEquals(4, rows.size());
        JsonNode rocks = rows.get(0);
        assertEquals("operator", rocks.path("what").asText());
        assertEquals("rocksdb state", rocks.path("setting").asText());
        assertEquals(80_000, rocks.path("result").asDouble());
        assertEquals("records/s", rocks.path("unit").asText());
        assertEquals(0.8, rocks.path("vs_no_model").asDouble(), 1e-12);
        assertTrue(rows.get(1).path("vs_no_model").isMissingNode(), "a row without a no-model figure has no ratio");
        assertEquals(12.5, rows.get(3).path("result").asDouble());
        assertEquals("a note", json.path("notes").get(0).asText());
    }

    private static String line(List<String> lines, String containing) {
        return lines.stream().filter(l -> l.contains(containing)).findFirst().orElseThrow();
    }
}
