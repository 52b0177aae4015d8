package lstmjob.codec;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes an {@link InputRecord} between the decoder and the step operator as raw fields, without reflection (a
 * record's POJO serializer reads its fields and calls its constructor reflectively for every record):
 * <pre>
 *   byte  kind (InputRecord.Kind ordinal)
 *   byte  flags (1: has seq, 2: end, 4: has ts, 8: has states)
 *   string key (Flink's StringValue encoding)
 *   long  seq, if it has one; long ts, if it has one
 *   long  step; long arrival time
 *   int   timesteps, then per timestep: int n and n floats
 *   int   n and n floats: the states, if it has them
 * </pre>
 * Floats are written as their raw bits, so a record arrives with the same bits it was decoded to. Records only cross
 * the network (never a snapshot), so the format can change between releases.
 */
public final class InputRecordSerializer extends TypeSerializerSingleton<InputRecord> {

    private static final long serialVersionUID = 1L;

    public static final InputRecordSerializer INSTANCE = new InputRecordSerializer();

    private static final InputRecord.Kind[] KINDS = InputRecord.Kind.values();
    private static final int HAS_SEQ = 1;
    private static final int END = 2;
    private static final int HAS_TS = 4;
    private static final int HAS_STATES = 8;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public InputRecord createInstance() {
        return InputRecord.of("", InputRecord.NO_STEPS, false, 0, false, false, 0);
    }

    @Override
    public InputRecord copy(InputRecord from) {
        float[][] x = new float[from.x().length][];
        for (int t = 0; t < x.length; t++) {
            x[t] = from.x()[t].clone();
        }
        return new InputRecord(
                from.kind(),
                from.key(),
                x,
                from.hasSeq(),
                from.seq(),
                from.end(),
                from.hasTs(),
                from.ts(),
                from.states() == null ? null : from.states().clone(),
                from.step(),
                from.arrivedMillis());
    }

    @Override
    public InputRecord copy(InputRecord from, InputRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(InputRecord r, DataOutputView out) throws IOException {
        out.writeByte(r.kind().ordinal());
        int flags = (r.hasSeq() ? HAS_SEQ : 0)
                | (r.end() ? END : 0)
                | (r.hasTs() ? HAS_TS : 0)
                | (r.states() != null ? HAS_STATES : 0);
        out.writeByte(flags);
        StringValue.writeString(r.key(), out);
        if (r.hasSeq()) {
            out.writeLong(r.seq());
        }
        if (r.hasTs()) {
            out.writeLong(r.ts());
        }
        out.writeLong(r.step());
        out.writeLong(r.arrivedMillis());
        float[][] x = r.x();
        out.writeInt(x.length);
        for (float[] row : x) {
            out.writeInt(row.length);
            writeFloats(row, out);
        }
        if (r.states() != null) {
            out.writeInt(r.states().length);
            writeFloats(r.states(), out);
        }
    }

    private static void writeFloats(float[] v, DataOutputView out) throws IOException {
        for (float f : v) {
            out.writeInt(Float.floatToRawIntBits(f));
        }
    }

    @Override
    public InputRecord deserialize(DataInputView in) throws IOException {
        InputRecord.Kind kind = KINDS[in.readByte()];
        int flags = in.readByte();
        String key = StringValue.readString(in);
        boolean hasSeq = (flags & HAS_SEQ) != 0;
        boolean hasTs = (flags & HAS_TS) != 0;
        long seq = hasSeq ? in.readLong() : 0;
        long ts = hasTs ? in.readLong() : 0;
        long step = in.readLong();
        long arrived = in.readLong();
        int steps = in.readInt();
        float[][] x = steps == 0 ? InputRecord.NO_STEPS : new float[steps][];
        for (int t = 0; t < steps; t++) {
            x[t] = readFloats(in.readInt(), in);
        }
        float[] states = (flags & HAS_STATES) != 0 ? readFloats(in.readInt(), in) : null;
        return new InputRecord(kind, key, x, hasSeq, seq, (flags & END) != 0, hasTs, ts, states, step, arrived);
    }

    private static float[] readFloats(int n, DataInputView in) throws IOException {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = Float.intBitsToFloat(in.readInt());
        }
        return v;
    }

    @Override
    public InputRecord deserialize(InputRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<InputRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: a snapshot names it only. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InputRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
