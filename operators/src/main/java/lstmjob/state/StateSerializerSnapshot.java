package lstmjob.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Stored with every checkpoint and savepoint: the key-state format version and the model's state layout.
 * On restore, a model with the same layout fingerprint reads the states as they are; any other layout is
 * incompatible (the job checks this itself before Flink does, to say which layers differ).
 */
public final class StateSerializerSnapshot implements TypeSerializerSnapshot<KeyState> {

    /** Version 1: the record format documented on {@link StateSerializer}. */
    private static final int VERSION = 1;

    private StateLayoutInfo layout;

    /** For Flink, which instantiates snapshots when it reads a savepoint. */
    public StateSerializerSnapshot() {
    }

    StateSerializerSnapshot(StateLayoutInfo layout) {
        this.layout = layout;
    }

    public StateLayoutInfo layout() {
        return layout;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(layout.fingerprint());
        out.writeInt(layout.floats());
        out.writeUTF(layout.description());
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("key state written in format version " + readVersion
                    + "; this build reads version " + VERSION);
        }
        layout = new StateLayoutInfo(in.readUTF(), in.readInt(), in.readUTF());
    }

    @Override
    public TypeSerializer<KeyState> restoreSerializer() {
        return new StateSerializer(layout);
    }

    @Override
    public TypeSerializerSchemaCompatibility<KeyState> resolveSchemaCompatibility(
            TypeSerializerSnapshot<KeyState> oldSnapshot) {
        if (oldSnapshot instanceof StateSerializerSnapshot old
                && old.layout.fingerprint().equals(layout.fingerprint())) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
