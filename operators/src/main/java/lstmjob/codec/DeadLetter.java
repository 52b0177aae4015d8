package lstmjob.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A rejected input record: why, the record as received, and where it came from ({@code topic/partition@offset},
 * or {@code file:line} in replay). Only a record over the size limit has its {@code raw} cut (to
 * {@link #MAX_RAW_BYTES}); it stays whole at its source, which the dead letter names.
 */
public record DeadLetter(String error, String raw, boolean rawTruncated, int rawSize, String source) {

    public static final int MAX_RAW_BYTES = 64 * 1024;

    public static DeadLetter of(String error, byte[] raw, String source) {
        boolean cut = raw.length > MAX_RAW_BYTES;
        byte[] kept = cut ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw;
        return new DeadLetter(error, new String(kept, StandardCharsets.UTF_8), cut, raw.length, source);
    }
}
