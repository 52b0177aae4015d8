package lstmjob.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * The bench's input records, JSON per the wire contract, over {@code keys} keys: key {@code k} is
 * {@code "key-k"} with its own fixed random features. The part before {@code seq}/{@code ts} is encoded once per
 * key, so that producing a record costs little beside the bytes themselves.
 */
final class SampleRecords {

    private final byte[][] heads;
    private final byte[][] plain;

    SampleRecords(int keys, int inputs, long seed) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, got " + keys);
        }
        heads = new byte[keys][];
        plain = new byte[keys][];
        Random rnd = new Random(seed);
        for (int k = 0; k < keys; k++) {
            StringBuilder sb = new StringBuilder(16 + 8 * inputs);
            sb.append("{\"key\":\"").append(key(k)).append("\",\"x\":[");
            for (int i = 0; i < inputs; i++) {
                sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", rnd.nextFloat() * 2 - 1));
            }
            sb.append(']');
            heads[k] = sb.toString().getBytes(StandardCharsets.UTF_8);
            plain[k] = (sb + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    int keys() {
        return heads.length;
    }

    static String key(int k) {
        return "key-" + k;
    }

    /** Key {@code k}'s record without seq or ts (always applied, never a replay). */
    byte[] plain(int k) {
        return plain[k];
    }

    /** Key {@code k}'s record with {@code seq} and {@code ts}. */
    byte[] withSeq(int k, long seq, long ts) {
        byte[] head = heads[k];
        byte[] tail = (",\"seq\":" + seq + ",\"ts\":" + ts + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
