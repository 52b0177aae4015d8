package lstmjob.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lstmjob.model.StateLayout;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Stored with every checkpoint and savepoint: the key-state format version and the model's whole state layout
 * (each recurrent layer's name, type, vector count and size). On restore, a model with the same layout reads the
 * states as they are. A different layout is refused with a message naming the layers and sizes that differ,
 * unless the job runs with {@link OnStateMismatch#RESET}: then the states are read as they are (each record names
 * its layout) and the operator restarts each such key from zeros when it next appears.
 */
public final class StateSerializerSnapshot implements TypeSerializerSnapshot<KeyState> {

    /** Version 1: the record format documented on {@link StateSerializer}. */
    private static final int VERSION = 1;

    private StateLayout layout;
    /** The running job's choice; not written: it belongs to the job that restores, not to the savepoint. */
    private OnStateMismatch onMismatch = OnStateMismatch.FAIL;

    /** For Flink, which instantiates snapshots when it reads a savepoint. */
    public StateSerializerSnapshot() {}

    StateSerializerSnapshot(StateLayout layout, OnStateMismatch onMismatch) {
        this.layout = layout;
        this.onMismatch = onMismatch;
    }

    /** The state layout of the model that wrote the states. */
    public StateLayout layout() {
        return layout;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(layout.entries().size());
        for (StateLayout.Entry e : layout.entries()) {
            out.writeUTF(e.layerName());
            out.writeUTF(e.layerType());
            out.writeInt(e.vectors());
            out.writeInt(e.size());
        }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException(
                    "key state written in format version " + readVersion + "; this build reads version " + VERSION);
        }
        int n = in.readInt();
        List<String[]> names = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(new String[] {in.readUTF(), in.readUTF()});
            sizes.add(new int[] {in.readInt(), in.readInt()});
        }
        layout = StateLayout.of(names, sizes);
    }

    @Override
    public TypeSerializer<KeyState> restoreSerializer() {
        return new StateSerializer(layout);
    }

    @Override
    public TypeSerializerSchemaCompatibility<KeyState> resolveSchemaCompatibility(
            TypeSerializerSnapshot<KeyState> oldSnapshot) {
        if (!(oldSnapshot instanceof StateSerializerSnapshot old)) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        if (old.layout.fingerprint().equals(layout.fingerprint()) || onMismatch == OnStateMismatch.RESET) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        // Not a failure a restart can cure: fail the job once, with the reason, instead of restarting forever.
        throw new SuppressRestartsException(new StateLayoutMismatchException(old.layout, layout));
    }
}
