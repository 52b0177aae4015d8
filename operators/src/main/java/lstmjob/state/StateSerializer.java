package lstmjob.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import lstmjob.model.StateLayout;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link KeyState} as raw bytes: no Kryo, no reflection. One record:
 * <pre>
 *   byte  flags (bit 0: has a last seq)
 *   int   the tag of the state layout that wrote it (StateLayout.tag())
 *   long  steps since the last reset
 *   long  last seq
 *   long  last activity time (epoch ms)
 *   int   n, the number of floats
 *   n × float32 (big-endian) the recurrent state, laid out per the model's StateLayout
 * </pre>
 * The snapshot ({@link StateSerializerSnapshot}) records the format version and the whole layout, so that a
 * savepoint is only read back by a model whose state layout matches, unless the job is told to reset the keys
 * of another layout ({@link OnStateMismatch#RESET}); each record's layout tag then tells the operator which keys
 * to reset. The float count is kept per record too, so offline tools can read a state without the model.
 * Not thread-safe (it reuses a byte buffer): Flink {@link #duplicate() duplicates} it per thread.
 */
public final class StateSerializer extends TypeSerializer<KeyState> {

    private static final long serialVersionUID = 2L;
    private static final int FLAG_HAS_SEQ = 1;
    /** flags, layout tag, steps, last seq, last activity: everything before the float count. */
    private static final int HEADER_BYTES = 1 + Integer.BYTES + 3 * Long.BYTES;
    /** A sanity bound on a record's float count, far above any model this job serves. */
    private static final int MAX_FLOATS = 1 << 26;

    private final StateLayout layout;
    private final OnStateMismatch onMismatch;
    private transient byte[] buffer;

    public StateSerializer(StateLayout layout) {
        this(layout, OnStateMismatch.FAIL);
    }

    public StateSerializer(StateLayout layout, OnStateMismatch onMismatch) {
        this.layout = layout;
        this.onMismatch = onMismatch;
    }

    /** The bytes {@link #serialize} writes for one key's state of this layout. */
    public static int recordBytes(StateLayout layout) {
        return HEADER_BYTES + Integer.BYTES + layout.bytes();
    }

    public StateLayout layout() {
        return layout;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<KeyState> duplicate() {
        return new StateSerializer(layout, onMismatch);
    }

    @Override
    public KeyState createInstance() {
        return KeyState.fresh(layout);
    }

    @Override
    public KeyState copy(KeyState from) {
        return new KeyState(from.state.clone(), from.layout, from.steps, from.hasSeq, from.lastSeq, from.lastActive);
    }

    @Override
    public KeyState copy(KeyState from, KeyState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyState s, DataOutputView out) throws IOException {
        out.writeByte(s.hasSeq ? FLAG_HAS_SEQ : 0);
        out.writeInt(s.layout);
        out.writeLong(s.steps);
        out.writeLong(s.lastSeq);
        out.writeLong(s.lastActive);
        int n = s.state.length;
        out.writeInt(n);
        byte[] b = buffer(n);
        ByteBuffer.wrap(b, 0, n * Float.BYTES).asFloatBuffer().put(s.state);
        out.write(b, 0, n * Float.BYTES);
    }

    @Override
    public KeyState deserialize(DataInputView in) throws IOException {
        int flags = in.readByte();
        int tag = in.readInt();
        long steps = in.readLong();
        long lastSeq = in.readLong();
        long lastActive = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > MAX_FLOATS) {
            throw new IOException("corrupt key state: " + n + " floats");
        }
        float[] state = new float[n];
        byte[] b = buffer(n);
        in.readFully(b, 0, n * Float.BYTES);
        ByteBuffer.wrap(b, 0, n * Float.BYTES).asFloatBuffer().get(state);
        return new KeyState(state, tag, steps, (flags & FLAG_HAS_SEQ) != 0, lastSeq, lastActive);
    }

    @Override
    public KeyState deserialize(KeyState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        // through our buffer: some views' write(DataInputView, n) do not grow themselves
        byte[] header = buffer(HEADER_BYTES / Float.BYTES + 1);
        in.readFully(header, 0, HEADER_BYTES);
        out.write(header, 0, HEADER_BYTES);
        int n = in.readInt();
        if (n < 0 || n > MAX_FLOATS) {
            throw new IOException("corrupt key state: " + n + " floats");
        }
        out.writeInt(n);
        byte[] b = buffer(n);
        in.readFully(b, 0, n * Float.BYTES);
        out.write(b, 0, n * Float.BYTES);
    }

    private byte[] buffer(int floats) {
        int bytes = floats * Float.BYTES;
        if (buffer == null || buffer.length < bytes) {
            buffer = new byte[bytes];
        }
        return buffer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateSerializer other && other.layout.fingerprint().equals(layout.fingerprint());
    }

    @Override
    public int hashCode() {
        return layout.fingerprint().hashCode();
    }

    @Override
    public String toString() {
        return "StateSerializer" + layout;
    }

    @Override
    public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
        return new StateSerializerSnapshot(layout, onMismatch);
    }
}
