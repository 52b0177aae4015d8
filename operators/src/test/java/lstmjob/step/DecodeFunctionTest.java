package lstmjob.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import lstmjob.codec.DeadLetter;
import lstmjob.codec.InputRecord;
import lstmjob.codec.RawRecord;
import lstmjob.model.Model;
import lstmjob.model.Models;
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

            List<DeadLetter> dead = new ArrayList<>();
            h.getSideOutput(DecodeFunction.DEAD_LETTERS).forEach(r -> dead.add(r.getValue()));
            assertEquals(9, dead.size());
            for (DeadLetter d : dead) {
                RawRecord origin = lines.stream().filter(r -> r.source().equals(d.source())).findFirst().orElseThrow();
                byte[] kept = d.rawBase64() ? Base64.getDecoder().decode(d.raw())
                        : d.raw().getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(origin.value(), kept, "the dead letter keeps " + d.source() + " whole");
                boolean utf8 = d.error().startsWith("not UTF-8 at byte ");
                assertEquals(utf8, d.rawBase64(), d.source() + ": base64 exactly when not UTF-8: " + d.error());
                assertTrue(utf8 || d.error().contains("characters long"), d.source() + ": " + d.error());
            }
        }
    }
}
