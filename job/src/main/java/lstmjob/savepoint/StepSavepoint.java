package lstmjob.savepoint;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import lstmjob.model.StateLayout;
import lstmjob.pipeline.StepStage;
import lstmjob.state.StateSerializerSnapshot;
import lstmjob.step.StepOperator;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;

/**
 * What a savepoint of the job holds of the keyed step operator: whether it is there, the state layout its state
 * serializer's snapshot recorded (read from the keyed state's meta data, so a savepoint of another model is refused
 * before any job runs), and whether its keyed state is in RocksDB's native format (which only RocksDB reads).
 */
final class StepSavepoint {

    /** The step operator in the job graph ({@link StepStage}). */
    static final OperatorIdentifier STEP = OperatorIdentifier.forUid(StepStage.STEP_UID);

    private final String path;
    private final OperatorState step;
    private final StateLayout layout;
    private final boolean nativeRocksDb;

    private StepSavepoint(String path, OperatorState step, StateLayout layout, boolean nativeRocksDb) {
        this.path = path;
        this.step = step;
        this.layout = layout;
        this.nativeRocksDb = nativeRocksDb;
    }

    static StepSavepoint load(String path) {
        CheckpointMetadata metadata;
        try {
            metadata = SavepointLoader.loadSavepointMetadata(path);
        } catch (IOException | RuntimeException e) {
            throw new StatesException("cannot read the savepoint " + path + ": " + firstLine(e.getMessage()), e);
        }
        OperatorState step = metadata.getOperatorStates().stream()
                .filter(o -> o.getOperatorID().equals(STEP.getOperatorId()))
                .findFirst()
                .orElse(null);
        StateLayout layout = null;
        boolean nativeRocksDb = false;
        if (step != null) {
            for (OperatorSubtaskState subtask : step.getStates()) {
                for (KeyedStateHandle h : subtask.getManagedKeyedState()) {
                    nativeRocksDb |= h instanceof IncrementalRemoteKeyedStateHandle;
                    if (layout == null) {
                        layout = recordedLayout(h);
                    }
                }
            }
        }
        return new StepSavepoint(path, step, layout, nativeRocksDb);
    }

    String path() {
        return path;
    }

    boolean hasStepOperator() {
        return step != null;
    }

    /** The layout recorded with the key states; empty when there are none, or their format hides it. */
    Optional<StateLayout> recordedLayout() {
        return Optional.ofNullable(layout);
    }

    void requireStepOperator() {
        if (step == null) {
            throw new StatesException("the savepoint " + path + " holds no state of the operator with uid \"step\": "
                    + "is it a savepoint of this job?");
        }
    }

    /** Refuses a savepoint whose key states were recorded with another layout than the model's. */
    void requireLayout(StateLayout model, String modelName) {
        if (layout != null && !layout.fingerprint().equals(model.fingerprint())) {
            throw new StatesException("the savepoint " + path + " holds key states of another state layout "
                    + "than the model " + modelName + " (savepoint vs model: " + layout.differences(model) + ")");
        }
    }

    /** A backend that reads the savepoint's keyed state: RocksDB for its native format, else the heap backend. */
    StateBackend backend() {
        return nativeRocksDb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    /**
     * The layout in the key state's serializer snapshot: every keyed state stream (canonical savepoints) or RocksDB
     * meta data file (native ones) starts with the backend's serialization proxy, which lists each state's
     * serializer snapshots. Null when the handle is of another kind or the snapshot is not ours.
     */
    private static StateLayout recordedLayout(KeyedStateHandle h) {
        StreamStateHandle meta = h instanceof KeyGroupsStateHandle k
                ? k
                : h instanceof IncrementalRemoteKeyedStateHandle i ? i.getMetaDataStateHandle() : null;
        if (meta == null) {
            return null;
        }
        try (InputStream in = meta.openInputStream()) {
            KeyedBackendSerializationProxy<?> proxy =
                    new KeyedBackendSerializationProxy<>(StepSavepoint.class.getClassLoader());
            proxy.read(new DataInputViewStreamWrapper(in));
            for (StateMetaInfoSnapshot s : proxy.getStateMetaInfoSnapshots()) {
                if (s.getName().equals(StepOperator.STATE_NAME)) {
                    TypeSerializerSnapshot<?> value =
                            s.getTypeSerializerSnapshot(StateMetaInfoSnapshot.CommonSerializerKeys.VALUE_SERIALIZER);
                    return value instanceof StateSerializerSnapshot ours ? ours.layout() : null;
                }
            }
            return null;
        } catch (IOException e) {
            // not fatal: the per-key float count is checked while reading anyway
            return null;
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
