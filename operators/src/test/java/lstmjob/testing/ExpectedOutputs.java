package lstmjob.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares the job's outputs with an expected JSON Lines file the way the contract allows: per key, in order,
 * with every field equal and y within the contract's tolerance (absolute 1e-5 up to magnitude 1, relative
 * 1e-5 above). Outputs of different keys may interleave in any order.
 */
public final class ExpectedOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpectedOutputs() {}

    /** A JSON Lines file's records grouped by key, in file order. */
    public static Map<String, List<JsonNode>> read(Path file) {
        try {
            return group(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON lines grouped by their {@code key}, in order; blank lines skipped. */
    public static Map<String, List<JsonNode>> group(Collection<String> lines) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                JsonNode n = parse(line);
                out.computeIfAbsent(n.path("key").asText(), k -> new ArrayList<>())
                        .add(n);
            }
        }
        return out;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** Every key has the same outputs in the same order; returns the largest y difference seen. */
    public static double assertMatches(
            Map<String, List<JsonNode>> expected, Map<String, List<JsonNode>> actual, String what) {
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()), what + ": keys with outputs");
        double worst = 0;
        for (Map.Entry<String, List<JsonNode>> e : expected.entrySet()) {
            List<JsonNode> exp = e.getValue();
            List<JsonNode> act = actual.get(e.getKey());
            for (int i = 0; i < Math.min(exp.size(), act.size()); i++) {
                String where = what + ": key " + e.getKey() + ", output #" + (i + 1) + " (expected " + exp.get(i)
                        + ", got " + act.get(i) + ")";
                worst = Math.max(worst, assertRecordMatches(exp.get(i), act.get(i), where));
            }
            assertEquals(exp.size(), act.size(), what + ": number of outputs for key " + e.getKey());
        }
        return worst;
    }

    private static double assertRecordMatches(JsonNode exp, JsonNode act, String where) {
        assertEquals(fieldNames(exp), fieldNames(act), where + ": fields");
        double worst = 0;
        for (Iterator<String> it = exp.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("y")) {
                assertEquals(exp.get(f), act.get(f), where + ": field " + f);
                continue;
            }
            JsonNode ey = exp.get("y");
            JsonNode ay = act.get("y");
            if (ey.isObject()) {
                // A model with several outputs: one member per output name.
                assertTrue(ay.isObject(), where + ": y is an object by output name");
                assertEquals(fieldNames(ey), fieldNames(ay), where + ": y's members");
                for (Iterator<String> m = ey.fieldNames(); m.hasNext(); ) {
                    String member = m.next();
                    worst = Math.max(
                            worst, assertVectorMatches(ey.get(member), ay.get(member), where + ": y." + member));
                }
            } else {
                worst = Math.max(worst, assertVectorMatches(ey, ay, where + ": y"));
            }
        }
        return worst;
    }

    private static double assertVectorMatches(JsonNode ey, JsonNode ay, String where) {
        assertTrue(ay != null && ay.isArray(), where + " is an array");
        assertEquals(ey.size(), ay.size(), where + " length");
        double worst = 0;
        for (int j = 0; j < ey.size(); j++) {
            double e = ey.get(j).asDouble();
            double a = ay.get(j).asDouble();
            double diff = Math.abs(a - e);
            worst = Math.max(worst, diff);
            assertTrue(
                    diff <= 1e-5 * Math.max(1.0, Math.abs(e)),
                    where + "[" + j + "] = " + a + ", expected " + e + " (difference " + diff + ")");
        }
        return worst;
    }

    private static TreeSet<String> fieldNames(JsonNode n) {
        TreeSet<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
