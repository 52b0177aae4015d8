package lstmjob.model.load.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import lstmjob.model.load.onnx.Onnx.TensorProto;

/**
 * A tensor whose value is known when the model loads (an initializer, a {@code Constant}, or what the loader folded
 * from them): its dimensions and its values in row-major order, as floats or as integers. An integer may stand for
 * the batch size, which only the records tell ({@link #BATCH}).
 */
record ConstTensor(long[] dims, float[] floats, long[] longs) {

    /** The batch size in a folded shape: unknown when loading, one per key when serving. */
    static final long BATCH = Long.MIN_VALUE;

    static ConstTensor ofFloats(long[] dims, float[] values) {
        return new ConstTensor(dims, values, null);
    }

    static ConstTensor ofLongs(long[] dims, long[] values) {
        return new ConstTensor(dims, null, values);
    }

    boolean isFloat() {
        return floats != null;
    }

    int rank() {
        return dims.length;
    }

    int count() {
        return isFloat() ? floats.length : longs.length;
    }

    /** Value i as a double (the batch stands as NaN). */
    double at(int i) {
        if (isFloat()) {
            return floats[i];
        }
        return longs[i] == BATCH ? Double.NaN : longs[i];
    }

    /** The values as integers (floats truncated), for axes, indices and shapes. */
    long[] asLongs() {
        if (!isFloat()) {
            return longs;
        }
        long[] out = new long[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) floats[i];
        }
        return out;
    }

    /** The one value of a tensor that holds one (a scalar, or any shape of one element). */
    double scalar() {
        if (count() != 1) {
            throw new IllegalArgumentException("expected one value, found " + count());
        }
        return at(0);
    }

    boolean allZero() {
        for (int i = 0; i < count(); i++) {
            if (at(i) != 0) {
                return false;
            }
        }
        return true;
    }

    String shapeString() {
        return Arrays.toString(dims);
    }

    /** Reads an initializer or a Constant's tensor; refuses types the loader does not compute with. */
    static ConstTensor read(TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxRefusal("its values are stored outside the model file (external data), which is not read");
        }
        long[] dims = new long[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new OnnxRefusal("a negative dimension " + dims[i]);
            }
            n = Math.multiplyExact(n, dims[i]);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new OnnxRefusal("too many values (" + n + ")");
        }
        int count = (int) n;
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = t.hasRawData();
        // the values must be in the file before anything is allocated for them
        int held = hasRaw
                ? raw.remaining()
                : Math.max(
                        Math.max(t.getFloatDataCount(), t.getDoubleDataCount()),
                        Math.max(t.getInt64DataCount(), t.getInt32DataCount()));
        if (count > held) {
            check(held, count);
        }
        switch (t.getDataType()) {
            case 1 -> { // FLOAT
                float[] v = new float[count];
                if (hasRaw) {
                    check(raw.remaining(), (long) count * 4);
                    raw.asFloatBuffer().get(v);
                } else {
                    check(t.getFloatDataCount(), count);
                    for (int i = 0; i < count; i++) {
                        v[i] = t.getFloatData(i);
                    }
                }
                return ofFloats(dims, v);
            }
            case 11 -> { // DOUBLE
                float[] v = new float[count];
                if (hasRaw) {
                    check(raw.remaining(), (long) count * 8);
                    for (int i = 0; i < count; i++) {
                        v[i] = (float) raw.getDouble();
                    }
                } else {
                    check(t.getDoubleDataCount(), count);
                    for (int i = 0; i < count; i++) {
                        v[i] = (float) t.getDoubleData(i);
                    }
                }
                return ofFloats(dims, v);
            }
            case 7 -> { // INT64
                long[] v = new long[count];
                if (hasRaw) {
                    check(raw.remaining(), (long) count * 8);
                    raw.asLongBuffer().get(v);
                } else {
                    check(t.getInt64DataCount(), count);
                    for (int i = 0; i < count; i++) {
                        v[i] = t.getInt64Data(i);
                    }
                }
                return ofLongs(dims, v);
            }
            case 6, 5, 3, 9, 2, 4 -> { // INT32, INT16, INT8, BOOL, UINT8, UINT16: int32_data holds them unpacked
                long[] v = new long[count];
                if (hasRaw) {
                    int width = switch (t.getDataType()) {
                        case 6 -> 4;
                        case 5, 4 -> 2;
                        default -> 1;
                    };
                    check(raw.remaining(), (long) count * width);
                    for (int i = 0; i < count; i++) {
                        v[i] = switch (t.getDataType()) {
                            case 6 -> raw.getInt();
                            case 5 -> raw.getShort();
                            case 4 -> raw.getShort() & 0xffff;
                            case 3 -> raw.get();
                            default -> raw.get() & 0xff;
                        };
                    }
                } else {
                    check(t.getInt32DataCount(), count);
                    for (int i = 0; i < count; i++) {
                        v[i] = t.getInt32Data(i);
                    }
                }
                return ofLongs(dims, v);
            }
            default ->
                throw new OnnxRefusal("its element type " + OnnxTypes.name(t.getDataType())
                        + " is not computed here (float32, float64 and integer tensors are)");
        }
    }

    private static void check(long have, long want) {
        if (have != want) {
            throw new OnnxRefusal("it declares " + want + (want == 1 ? " value" : " values") + " but holds " + have);
        }
    }
}
