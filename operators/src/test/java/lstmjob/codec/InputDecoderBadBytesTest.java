package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not UTF-8 never become a key, a member name or a value, and every read limit says which it
 * is: the reproducers found by fuzzing the decoder, and the record files of {@code ../shared/fixtures/bad-input}.
 */
class InputDecoderBadBytesTest {

    private static final String X = "[0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1]";

    private final InputDecoder decoder = new InputDecoder(8, 1 << 20, 1024, null);

    /** The record's bytes: its text in UTF-8 with each {@code ~XX} replaced by the byte 0xXX. */
    private static byte[] bytes(String template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = template.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < t.length; i++) {
            if (t[i] == '~') {
                out.write(Integer.parseInt(new String(t, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(t[i]);
            }
        }
        return out.toByteArray();
    }

    private String reason(byte[] record) {
        return assertThrows(BadRecordException.class, () -> decoder.decode(record))
                .getMessage();
    }

    private String reason(String template) {
        return reason(bytes(template));
    }

    @Test
    void aNameWithA0xFFByteIsNeverReadAsTheNameItPadsTo() throws BadRecordException {
        decoder.decode(bytes("{\"key\":\"a\",\"x\":" + X + "}")); // "key" and "x" are now known names
        assertEquals("not UTF-8 at byte 12 (FF)", reason("{\"key\":\"b\",\"~FFx\":" + X + "}"));
        assertEquals("not UTF-8 at byte 2 (FF)", reason("{\"~FFkey\":\"c\",\"x\":" + X + "}"));
    }

    @Test
    void overlongSurrogateAndBeyondU10ffffAreNotUtf8() {
        assertEquals("not UTF-8 at byte 9 (C0)", reason("{\"key\":\"a~C0~AF\",\"x\":" + X + "}"));
        assertTrue(reason("{\"key\":\"b~ED~A0~80\",\"x\":" + X + "}").startsWith("not UTF-8 at byte 9 (ED"));
        assertTrue(reason("{\"key\":\"c~F4~90~80~80\",\"x\":" + X + "}").startsWith("not UTF-8 at byte 9 (F4"));
        String head = "{\"key\":\"d\",\"x\":" + X + ",\"n\":\""; // 54 bytes
        assertTrue(reason(head + "~E0~80~AF\"}").startsWith("not UTF-8 at byte 54 (E0"));
        assertTrue(reason(head + "~F0~82~82~AC\"}").startsWith("not UTF-8 at byte 54 (F0"));
    }

    @Test
    void strayAndMissingContinuationBytesAreNotUtf8() {
        assertEquals("not UTF-8 at byte 9 (80)", reason("{\"key\":\"a~80\",\"x\":" + X + "}"));
        assertTrue(reason("{\"key\":\"a~E2~82\",\"x\":" + X + "}").startsWith("not UTF-8 at byte 9 (E2"));
        assertTrue(reason("{\"key\":\"a\",\"x\":" + X + "}~E2~82").startsWith("not UTF-8 at byte 49 (E2"));
    }

    @Test
    void aRecordInUtf16IsNotUtf8() {
        byte[] utf16 = ("{\"key\":\"d\",\"x\":" + X + "}").getBytes(StandardCharsets.UTF_16LE);
        assertEquals("not UTF-8 at byte 1 (00: a zero byte, as UTF-16 text has)", reason(utf16));
        assertTrue(
                reason(("{\"key\":\"d\",\"x\":" + X + "}").getBytes(StandardCharsets.UTF_16))
                        .startsWith("not UTF-8 at byte 0 (FE"),
                "UTF-16 with a byte order mark");
    }

    @Test
    void validUtf8OfEveryLengthIsRead() throws BadRecordException {
        String key = "k-\u00e9\u20ac\ud83d\ude00\uffff\u0800\u07ff"; // 2-, 3-, 4-byte forms and their edges
        assertEquals(
                key,
                decoder.decode(("{\"key\":\"" + key + "\",\"x\":" + X + "}").getBytes(StandardCharsets.UTF_8))
                        .key());
        assertEquals(
                "x",
                decoder.decode(bytes("~EF~BB~BF{\"key\":\"x\",\"x\":" + X + "}"))
                        .key(),
                "a byte order mark");
    }

    @Test
    void eachReadLimitHasItsOwnReason() {
        assertEquals(
                "a number over 1000 characters long",
                reason("{\"key\":\"e\",\"x\":[" + "1".repeat(1001) + ",0,0,0,0,0,0,0]}"));
        assertEquals(
                "a member name over 50000 characters long",
                reason("{\"key\":\"f\",\"" + "n".repeat(50_001) + "\":1,\"x\":" + X + "}"));
        assertEquals(
                "nested too deeply (more than 16 levels)",
                reason("{\"key\":\"g\",\"x\":" + X + ",\"n\":" + "[".repeat(16) + "]".repeat(16) + "}"));
        assertEquals(
                "record is 1048577 bytes, over the limit of 1048576",
                reason("{\"key\":\"h\",\"x\":" + X + ",\"n\":\"" + "p".repeat((1 << 20) - 55) + "\"}"));
    }

    @Test
    void aStringOverItsLimitSaysSo() {
        InputDecoder large = new InputDecoder(8, 1 << 26, 1 << 26, null);
        String record = "{\"key\":\"" + "k".repeat(20_000_001) + "\",\"x\":" + X + "}";
        assertEquals(
                "a string over 20000000 characters long",
                assertThrows(BadRecordException.class, () -> large.decode(record.getBytes(StandardCharsets.UTF_8)))
                        .getMessage());
    }

    @Test
    void aMemberNamedTwiceIsRefused() {
        assertEquals("member 'key' appears twice", reason("{\"key\":\"a\",\"key\":\"b\",\"x\":" + X + "}"));
        assertEquals("member 'key' appears twice", reason("{\"key\":\"a\",\"\\u006bey\":\"b\",\"x\":" + X + "}"));
        assertEquals("member 'x' appears twice", reason("{\"key\":\"a\",\"x\":" + X + ",\"x\":" + X + "}"));
        assertEquals("member 'note' appears twice", reason("{\"key\":\"a\",\"note\":1,\"x\":" + X + ",\"note\":1}"));
    }

    @Test
    void keysAreBoundedInUtf8Bytes() throws BadRecordException {
        assertEquals(
                "k".repeat(1024),
                decoder.decode(("{\"key\":\"" + "k".repeat(1024) + "\",\"x\":" + X + "}")
                                .getBytes(StandardCharsets.UTF_8))
                        .key());
        assertEquals(
                "key is 1025 bytes in UTF-8, over the limit of 1024 (max-key-bytes)",
                reason("{\"key\":\"" + "k".repeat(1025) + "\",\"x\":" + X + "}"));
        assertEquals(
                "key is 1026 bytes in UTF-8, over the limit of 1024 (max-key-bytes)",
                reason(("{\"key\":\"" + "\u00e9".repeat(513) + "\",\"x\":" + X + "}")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKeyWithHalfASurrogatePairIsRefused() throws BadRecordException {
        assertEquals(
                "key is not Unicode text: \\ud800 at character 1 is half a surrogate pair",
                reason("{\"key\":\"a\\ud800\",\"x\":" + X + "}"));
        assertEquals(
                "key is not Unicode text: \\udc00 at character 0 is half a surrogate pair",
                reason("{\"key\":\"\\udc00\\ud83d\\ude00\",\"x\":" + X + "}"));
        assertEquals(
                "\ud83d\ude00",
                decoder.decode(bytes("{\"key\":\"\\ud83d\\ude00\",\"x\":" + X + "}"))
                        .key());
    }

    /** The fixture's lines as the replay reader gives them: split at '\n', never decoded. */
    private static List<byte[]> lines(String file) throws IOException {
        byte[] all = Files.readAllBytes(Repository.badInputFixtures().resolve(file));
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i > from) {
                    out.add(Arrays.copyOfRange(all, from, i));
                }
                from = i + 1;
            }
        }
        return out;
    }

    @Test
    void theFfAliasFixture() throws IOException, BadRecordException {
        List<byte[]> lines = lines("decoder-ff-alias.jsonl");
        assertEquals(3, lines.size());
        InputRecord first = decoder.decode(lines.get(0));
        assertEquals("a", first.key());
        assertArrayEquals(new float[8], first.x()[0]);
        assertEquals("not UTF-8 at byte 12 (FF)", reason(lines.get(1)));
        assertEquals("not UTF-8 at byte 2 (FF)", reason(lines.get(2)));
    }

    @Test
    void theUtf8LimitsFixture() throws IOException {
        List<byte[]> lines = lines("decoder-utf8-limits.jsonl");
        assertEquals(7, lines.size());
        assertEquals("not UTF-8 at byte 9 (C0)", reason(lines.get(0)));
        assertTrue(reason(lines.get(1)).startsWith("not UTF-8 at byte 9 (ED"));
        assertTrue(reason(lines.get(2)).startsWith("not UTF-8 at byte 9 (F4"));
        assertTrue(reason(lines.get(3)).startsWith("not UTF-8 at byte 1 (00"));
        assertEquals("a number over 1000 characters long", reason(lines.get(4)));
        assertEquals("a member name over 50000 characters long", reason(lines.get(5)));
        assertEquals("not UTF-8 at byte 19 (C1)", reason(lines.get(6)));
    }
}
