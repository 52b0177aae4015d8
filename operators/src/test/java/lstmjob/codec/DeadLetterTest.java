package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A dead letter keeps its record: text as text, other bytes as base64, said so; nothing lost or mangled. */
class DeadLetterTest {

    private static JsonNode json(DeadLetter d) throws Exception {
        return new ObjectMapper().readTree(OutputEncoder.encode(d));
    }

    @Test
    void textStaysText() throws Exception {
        byte[] raw = "{\"key\":\"é\",\"x\":[]}".getBytes(StandardCharsets.UTF_8);
        JsonNode d = json(DeadLetter.of("x is empty", raw, "in.jsonl:3"));
        assertEquals("{\"key\":\"é\",\"x\":[]}", d.path("raw").asText());
        assertFalse(d.has("raw_encoding"));
        assertEquals("x is empty", d.path("error").asText());
        assertEquals("in.jsonl:3", d.path("source").asText());
    }

    @Test
    void bytesThatAreNotTextAreKeptAsBase64() throws Exception {
        byte[] raw = {'{', '"', 'k', 'e', 'y', '"', ':', '"', 'a', (byte) 0xc0, (byte) 0xaf, '"', '}'};
        JsonNode d = json(DeadLetter.of("not UTF-8 at byte 9 (C0)", raw, "lstm.samples/0@7"));
        assertEquals("base64", d.path("raw_encoding").asText());
        assertArrayEquals(raw, Base64.getDecoder().decode(d.path("raw").asText()));
        byte[] utf16 = "{\"key\":\"d\"}".getBytes(StandardCharsets.UTF_16LE);
        assertArrayEquals(
                utf16,
                Base64.getDecoder()
                        .decode(json(DeadLetter.of("e", utf16, "s")).path("raw").asText()));
    }

    @Test
    void aCutRecordIsCutAtACharactersStartAndStaysText() throws Exception {
        byte[] raw = ("{\"key\":\"k\",\"pad\":\"" + "€".repeat(30_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode d = json(DeadLetter.of("record is too large", raw, "s"));
        assertFalse(d.has("raw_encoding"));
        assertTrue(d.path("raw_truncated").asBoolean());
        assertEquals(raw.length, d.path("raw_size").asInt());
        String kept = d.path("raw").asText();
        byte[] keptBytes = kept.getBytes(StandardCharsets.UTF_8);
        assertTrue(keptBytes.length <= DeadLetter.MAX_RAW_BYTES && keptBytes.length > DeadLetter.MAX_RAW_BYTES - 3);
        assertArrayEquals(java.util.Arrays.copyOf(raw, keptBytes.length), keptBytes);
    }
}
