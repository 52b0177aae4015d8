package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table and JSON say, for every row with a target, the ratio and by how much it is missed. */
class BenchTableTest {

    private static final BenchReport REPORT = new BenchReport(Map.of("cpu", "test cpu"), List.of(
            BenchRow.of("operator", "rocksdb state", 80_000, "records/s").withTarget(Target.atLeast(100_000, "t")),
            BenchRow.of("operator", "heap state", 330_000, "records/s").withTarget(Target.atLeast(300_000, "t")),
            BenchRow.of("end to end", "p99", 100, "ms").withTarget(Target.atMost(50, "t")),
            BenchRow.of("end to end", "p50", 12.5, "ms")), List.of("a note"));

    @Test
    void tableShowsTargetsRatiosAndMisses() {
        String table = BenchTable.render(REPORT);
        List<String> lines = table.lines().toList();
        assertTrue(lines.contains("cpu  test cpu"), table);
        assertTrue(line(lines, "rocksdb state").contains("≥ 100,000  0.80× missed by 20%"), table);
        assertTrue(line(lines, "heap state").contains("330,000") && line(lines, "heap state").contains("1.10× met"),
                table);
        assertTrue(line(lines, "p99").contains(" 100  ms "), table);
        assertTrue(line(lines, "p99").contains("≤ 50  2.00× missed by 100%"), table);
        assertTrue(line(lines, "p50").contains("12.50  ms"), table);
        assertFalse(line(lines, "p50").contains("×"), table);
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
        assertEquals(80_000, rocks.path("result").asDouble());
        assertEquals("≥", rocks.path("target").path("op").asText());
        assertEquals(100_000, rocks.path("target").path("value").asDouble());
        assertEquals(0.8, rocks.path("ratio").asDouble(), 1e-12);
        assertFalse(rocks.path("met").asBoolean());
        assertEquals(0.2, rocks.path("missedBy").asDouble(), 1e-12);
        assertEquals(1.0, rows.get(2).path("missedBy").asDouble(), 1e-12);
        assertTrue(rows.get(1).path("met").asBoolean());
        assertTrue(rows.get(3).path("target").isMissingNode());
        assertEquals("a note", json.path("notes").get(0).asText());
    }

    private static String line(List<String> lines, String containing) {
        return lines.stream().filter(l -> l.contains(containing)).findFirst().orElseThrow();
    }
}
