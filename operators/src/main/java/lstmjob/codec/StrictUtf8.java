package lstmjob.codec;

import static lstmjob.codec.DeadLetterReason.NOT_UTF8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a record's bytes as UTF-8 per RFC 3629 with the JDK's decoder set to report, not replace: an overlong
 * form, an encoded surrogate, a value above U+10FFFF, a stray or missing continuation byte is refused with the
 * offset of its first byte (counting from 0, as hex dumps do). A zero byte is refused too: JSON never holds one
 * raw, and it is what text in UTF-16 or UTF-32 looks like in every ASCII character, which a byte-based JSON
 * parser would otherwise detect and accept. One per thread: it reuses its character buffer.
 */
final class StrictUtf8 {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    private CharBuffer chars = CharBuffer.allocate(256);

    /** The text of {@code bytes}, valid until the next call. */
    CharBuffer decode(byte[] bytes) throws BadRecordException {
        if (chars.capacity() < bytes.length) { // UTF-8 never gives more chars than bytes
            chars = CharBuffer.allocate(Math.max(bytes.length, 2 * chars.capacity()));
        }
        char[] out = chars.array();
        int ascii = 0;
        for (; ascii < bytes.length && bytes[ascii] > 0; ascii++) { // ASCII but zero, most records: copied as is
            out[ascii] = (char) bytes[ascii];
        }
        chars.clear().position(ascii);
        ByteBuffer in = ByteBuffer.wrap(bytes, ascii, bytes.length - ascii);
        decoder.reset();
        CoderResult r = decoder.decode(in, chars, true);
        int end = r.isError() ? in.position() : bytes.length;
        for (int i = ascii; i < end; i++) {
            if (bytes[i] == 0) {
                throw new BadRecordException(
                        NOT_UTF8, "not UTF-8 at byte " + i + " (00: a zero byte, as UTF-16 text has)");
            }
        }
        if (r.isError()) {
            throw new BadRecordException(
                    NOT_UTF8, "not UTF-8 at byte " + end + " (" + hex(bytes, end, r.length()) + ")");
        }
        return chars.flip();
    }

    /** Whether {@code bytes} are text by the rules above (a dead letter keeps other bytes as base64). */
    static boolean isText(byte[] bytes) {
        try {
            new StrictUtf8().decode(bytes);
            return true;
        } catch (BadRecordException e) {
            return false;
        }
    }

    private static String hex(byte[] b, int from, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < Math.min(b.length, from + Math.min(length, 4)); i++) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xff));
        }
        return s.toString();
    }
}
