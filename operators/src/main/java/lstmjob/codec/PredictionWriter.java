package lstmjob.codec;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a prediction with whole output vectors straight into bytes, the same bytes {@link OutputEncoder}'s Jackson
 * generator writes, without the generator's per-token state checks and character escaping: a prediction is most of
 * what the step operator writes. Numbers go through Jackson's own {@link NumberOutput} (floats by the same shortest
 * decimal, non-finite ones quoted). Only a key of printable ASCII without {@code "} or {@code \} is written here;
 * for any other key {@link #write} returns null and the caller uses the generator, which escapes. One per thread: it
 * reuses its buffer.
 */
final class PredictionWriter {

    private static final byte[] START = ascii("{\"type\":\"prediction\",\"key\":\"");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] STEP = ascii(",\"step\":");
    private static final byte[] Y = ascii(",\"y\":");
    private static final byte[] TS = ascii(",\"ts\":");

    /** Several outputs: each output's {@code "name":}, as the generator escapes it; null for one output. */
    private final byte[][] names;

    private final int[] offsets;
    private final int[] sizes;
    private byte[] buf = new byte[256];
    private int pos;

    /**
     * @param names   the outputs' member names as JSON strings with their quotes (several outputs), or null (one)
     * @param offsets where each output starts in a prediction's row
     * @param sizes   each output's size
     */
    PredictionWriter(byte[][] names, int[] offsets, int[] sizes) {
        this.names = names;
        this.offsets = offsets;
        this.sizes = sizes;
    }

    /** The prediction's JSON, or null when its key needs escaping or is not ASCII (then nothing is written). */
    byte[] write(Prediction p) {
        pos = 0;
        put(START);
        String key = p.key();
        ensure(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return null;
            }
            buf[pos++] = (byte) c;
        }
        putByte('"');
        if (p.hasSeq()) {
            put(SEQ);
            putLong(p.seq());
        }
        put(STEP);
        putLong(p.step());
        put(Y);
        float[] y = p.y();
        if (names == null) {
            putVector(y, 0, y.length);
        } else {
            putByte('{');
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    putByte(',');
                }
                put(names[i]);
                putByte(':');
                putVector(y, offsets[i], sizes[i]);
            }
            putByte('}');
        }
        if (p.hasTs()) {
            put(TS);
            putLong(p.ts());
        }
        putByte('}');
        return Arrays.copyOf(buf, pos);
    }

    private void putVector(float[] y, int from, int size) {
        putByte('[');
        for (int i = from; i < from + size; i++) {
            if (i > from) {
                putByte(',');
            }
            float v = y[i];
            String s = NumberOutput.toString(v, true);
            boolean quoted = NumberOutput.notFinite(v); // "NaN", "Infinity", as the generator writes them
            ensure(s.length() + 2);
            if (quoted) {
                buf[pos++] = '"';
            }
            for (int c = 0; c < s.length(); c++) {
                buf[pos++] = (byte) s.charAt(c); // digits, sign, '.', 'E': ASCII
            }
            if (quoted) {
                buf[pos++] = '"';
            }
        }
        putByte(']');
    }

    private void putLong(long v) {
        ensure(20);
        pos = NumberOutput.outputLong(v, buf, pos);
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void putByte(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, pos + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
