package lstmjob.codec;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link EncodedRecord} as its fields, without reflection:
 * <pre>
 *   byte  target (EncodedRecord.Target ordinal)
 *   int   key length, or -1 for no key; the key's bytes
 *   int   value length; the value's bytes
 * </pre>
 * An encoded record is never changed once made (nothing writes into its arrays), so it is immutable to Flink: a
 * chained operator gets the same object, not a copy per record. Records only pass between operators (never a
 * snapshot), so the format can change between releases.
 */
public final class EncodedRecordSerializer extends TypeSerializerSingleton<EncodedRecord> {

    private static final long serialVersionUID = 1L;

    public static final EncodedRecordSerializer INSTANCE = new EncodedRecordSerializer();

    private static final EncodedRecord.Target[] TARGETS = EncodedRecord.Target.values();
    private static final byte[] EMPTY = new byte[0];

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public EncodedRecord createInstance() {
        return new EncodedRecord(EncodedRecord.Target.OUTPUT, null, EMPTY);
    }

    @Override
    public EncodedRecord copy(EncodedRecord from) {
        return from;
    }

    @Override
    public EncodedRecord copy(EncodedRecord from, EncodedRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EncodedRecord r, DataOutputView out) throws IOException {
        out.writeByte(r.target().ordinal());
        if (r.key() == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.key().length);
            out.write(r.key());
        }
        out.writeInt(r.value().length);
        out.write(r.value());
    }

    @Override
    public EncodedRecord deserialize(DataInputView in) throws IOException {
        EncodedRecord.Target target = TARGETS[in.readByte()];
        int keyLength = in.readInt();
        byte[] key = keyLength < 0 ? null : new byte[keyLength];
        if (key != null) {
            in.readFully(key);
        }
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return new EncodedRecord(target, key, value);
    }

    @Override
    public EncodedRecord deserialize(EncodedRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<EncodedRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: a snapshot names it only. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EncodedRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
