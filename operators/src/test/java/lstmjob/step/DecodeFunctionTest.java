package lstmjob.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import lstmjob.codec.InputRecord;
import lstmjob.codec.RawRecord;
import lstmjob.model.Model;
import lstmjob.model.load.Models;
import lstmjob.testing.OracleCases;
import lstmjob.testing.Repository;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The bad-input record files through the decode function: only the valid line goes on to the step (so no key's
 * state can change), each other line is a dead letter, counted, with its bytes kept whole.
 */
class DecodeFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** case-11: 8 inputs, the model the bad-input fixtures are written for. */
    private static final Model MODEL = Models.load(OracleCases.root().resolve("case-11/model.keras"));

    @Test
    void badInputFixturesAreDeadLettersWithTheirBytesKept() throws Exception {
        List<RawRecord> lines = new ArrayList<>();
        for (String file : List.of("decoder-ff-alias.jsonl", "decoder-utf8-limits.jsonl")) {
            byte[] all = Files.readAllBytes(Repository.badInputFixtures().resolve(file));
            int from = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    lines.add(new RawRecord(Arrays.copyOfRange(all, from, i), file + ":" + (lines.size() + 1)));
                    from = i + 1;
                }
            }
        }
        assertEquals(10, lines.size());
        try (OneInputStreamOperatorTestHarness<RawRecord, InputRecord> h = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new DecodeFunction(MODEL, 1 << 20, 1024)))) {
            h.open();
            for (RawRecord r : lines) {
                h.processElement(new StreamRecord<>(r));
            }
            List<InputRecord> decoded = new ArrayList<>();
            h.extractOutputValues().forEach(decoded::add);
            assertEquals(1, decoded.size(), "only the valid line reaches the step");
            assertEquals("a", decoded.get(0).key());

            List<JsonNode> dead = new ArrayList<>();
            for (var r : h.getSideOutput(DecodeFunction.DEAD_LETTERS)) {
                dead.add(JSON.readTree(r.getValue().value())); // the dead letter as written to its topic
            }
            assertEquals(9, dead.size());
            for (JsonNode d : dead) {
                String source = d.path("source").asText();
                String error = d.path("error").asText();
                boolean base64 = "base64".equals(d.path("raw_encoding").asText(null));
                RawRecord origin = lines.stream()
                        .filter(r -> r.source().equals(source))
                        .findFirst()
                        .orElseThrow();
                byte[] kept = base64
                        ? Base64.getDecoder().decode(d.path("raw").asText())
                        : d.path("raw").asText().getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(origin.value(), kept, "the dead letter keeps " + source + " whole");
                boolean utf8 = error.startsWith("not UTF-8 at byte ");
                assertEquals(utf8, base64, source + ": base64 exactly when not UTF-8: " + error);
                assertTrue(utf8 || error.contains("characters long"), source + ": " + error);
            }
        }
    }
}
