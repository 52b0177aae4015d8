package lstmjob.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A rejected input record: why, the record as received, and where it came from ({@code topic/partition@offset},
 * or {@code file:line} in replay). {@code raw} is the record's text when its bytes are UTF-8 text
 * ({@link StrictUtf8}), else its bytes in base64 with {@code rawBase64} set, so that nothing is lost or mangled.
 * Only a record over the size limit has its {@code raw} cut (to {@link #MAX_RAW_BYTES}, at a character's start);
 * it stays whole at its source, which the dead letter names.
 */
public record DeadLetter(
        String error, String raw, boolean rawTruncated, int rawSize, String source, boolean rawBase64) {

    public static final int MAX_RAW_BYTES = 64 * 1024;

    public static DeadLetter of(String error, byte[] raw, String source) {
        int keep = Math.min(raw.length, MAX_RAW_BYTES);
        for (int back = 0; back < 3 && keep < raw.length && (raw[keep] & 0xc0) == 0x80; back++) {
            keep--; // not inside a character: cut text stays text
        }
        byte[] kept = keep < raw.length ? Arrays.copyOf(raw, keep) : raw;
        boolean text = StrictUtf8.isText(kept);
        String encoded = text
                ? new String(kept, StandardCharsets.UTF_8)
                : Base64.getEncoder().encodeToString(kept);
        return new DeadLetter(error, encoded, keep < raw.length, raw.length, source, !text);
    }
}
