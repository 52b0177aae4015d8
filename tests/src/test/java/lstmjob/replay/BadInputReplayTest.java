package lstmjob.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lstmjob.Main;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.Repository;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} over the record files of {@code ../shared/fixtures/bad-input}, followed by one valid record per
 * key they name: every line that is not UTF-8 or goes over a read limit is a dead letter with its reason and its
 * bytes whole, and no key's state moved (each key's next record is its step 1; the valid first line's key goes on
 * to step 2).
 */
class BadInputReplayTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final String ZEROS = "[0,0,0,0,0,0,0,0]";

    @Test
    void badInputFilesAreDeadLettersAndMoveNoKey(@TempDir Path dir) throws Exception {
        Path fixtures = Repository.badInputFixtures();
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write(Files.readAllBytes(fixtures.resolve("decoder-ff-alias.jsonl")));
        input.write(Files.readAllBytes(fixtures.resolve("decoder-utf8-limits.jsonl")));
        for (String key : List.of("a", "b", "c", "d", "e", "f", "g")) {
            input.write(("{\"key\":\"" + key + "\",\"x\":" + ZEROS + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        Path in = dir.resolve("in.jsonl");
        Files.write(in, input.toByteArray());
        List<byte[]> lines = lines(input.toByteArray());
        assertEquals(17, lines.size());

        Path out = dir.resolve("out.jsonl");
        int code = Main.commandLine()
                .execute(
                        "replay",
                        "--model",
                        fixtures.resolve("../oracle/case-11/model.keras")
                                .normalize()
                                .toString(),
                        "--input",
                        in.toString(),
                        "--output",
                        out.toString(),
                        "--parallelism",
                        "2",
                        "--bundle-size",
                        "1"); // each key stepped alone: the same input from zero state gives the same bits
        assertEquals(0, code, "replay's exit code");

        Map<String, List<JsonNode>> outputs = ExpectedOutputs.read(out);
        Map<String, List<Long>> steps = new TreeMap<>();
        outputs.forEach((key, records) -> records.forEach(o -> {
            assertEquals("prediction", o.path("type").asText(), o.toString());
            steps.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(o.path("step").asLong());
        }));
        assertEquals(
                Map.of(
                        "a",
                        List.of(1L, 2L),
                        "b",
                        List.of(1L),
                        "c",
                        List.of(1L),
                        "d",
                        List.of(1L),
                        "e",
                        List.of(1L),
                        "f",
                        List.of(1L),
                        "g",
                        List.of(1L)),
                steps,
                "steps per key: no key moved before");
        JsonNode firstOfA = outputs.get("a").get(0);
        for (String key : List.of("b", "c", "d", "e", "f", "g")) {
            assertEquals(firstOfA.path("y"), outputs.get(key).get(0).path("y"), key + " starts from zero state");
        }

        Map<Integer, String> reasons = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("out.dead-letters.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode d = ExpectedOutputs.parse(line);
            int n = Integer.parseInt(d.path("source").asText().replace("in.jsonl:", ""));
            byte[] raw = "base64".equals(d.path("raw_encoding").asText())
                    ? Base64.getDecoder().decode(d.path("raw").asText())
                    : d.path("raw").asText().getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(lines.get(n - 1), raw, "the dead letter keeps line " + n + " whole");
            reasons.put(n, d.path("error").asText());
        }
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), List.copyOf(reasons.keySet()), "dead letters: " + reasons);
        for (int n : List.of(2, 3, 4, 5, 6, 7, 10)) {
            assertTrue(reasons.get(n).startsWith("not UTF-8 at byte "), n + ": " + reasons.get(n));
            assertEquals("base64", rawEncoding(dir, n), "line " + n + " is kept as base64");
        }
        assertEquals("a number over 1000 characters long", reasons.get(8));
        assertEquals("a member name over 50000 characters long", reasons.get(9));
    }

    private static String rawEncoding(Path dir, int line) throws Exception {
        for (String l : Files.readAllLines(dir.resolve("out.dead-letters.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode d = ExpectedOutputs.parse(l);
            if (d.path("source").asText().equals("in.jsonl:" + line)) {
                return d.path("raw_encoding").asText();
            }
        }
        return null;
    }

    /** The lines as replay reads them: split at '\n'. */
    private static List<byte[]> lines(byte[] all) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                out.add(Arrays.copyOfRange(all, from, i));
                from = i + 1;
            }
        }
        return out;
    }
}
