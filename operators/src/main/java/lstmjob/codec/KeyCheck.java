package lstmjob.codec;

import static lstmjob.codec.DeadLetterReason.BAD_KEY;

/**
 * What a key must be: it becomes a Kafka record key and a RocksDB key, written as UTF-8, so it is not empty, is
 * whole Unicode (a JSON escape such as {@code \ud800} can name half a surrogate pair, which UTF-8 cannot hold) and
 * takes at most {@code max-key-bytes} bytes in UTF-8.
 */
final class KeyCheck {

    private KeyCheck() {}

    static void check(String key, int maxBytes) throws BadRecordException {
        if (key.isEmpty()) {
            throw new BadRecordException(BAD_KEY, "empty key");
        }
        long bytes = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadRecordException(
                        BAD_KEY,
                        String.format(
                                "key is not Unicode text: \\u%04x at character %d is half a surrogate pair",
                                (int) c, i));
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > maxBytes) {
            throw new BadRecordException(
                    BAD_KEY, "key is " + bytes + " bytes in UTF-8, over the limit of " + maxBytes + " (max-key-bytes)");
        }
    }
}
