package lstmjob.savepoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lstmjob.model.Model;
import lstmjob.model.StateLayout;
import lstmjob.pipeline.Environments;
import lstmjob.state.KeyState;
import lstmjob.step.StepOperator;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code states import}: writes the key states of a states file into a new savepoint the job can start from. With a
 * savepoint to start from, its other keys' states are kept and every other operator's state (the Kafka source's
 * offsets, the sinks' transactions) is carried over as it is; the step operator's keyed state is rewritten whole,
 * since the State Processor API replaces an operator's state, never part of it. Everything is checked before any
 * job runs, and a failed job leaves no savepoint behind.
 */
public final class StatesImport {

    /** Keys written from the file; whether the other keys' states came from a savepoint. */
    public record Result(long imported, boolean fromSavepoint) {}

    private StatesImport() {}

    public static Result run(Path in, Model model, String outSavepoint, String fromSavepoint, int parallelism)
            throws IOException {
        StateLayout layout = model.stateLayout();
        List<KeyStateRecord> imported = StatesFiles.read(in, layout);
        if (imported.isEmpty()) {
            throw new StatesException(in + " holds no key states");
        }
        long now = System.currentTimeMillis();
        for (KeyStateRecord r : imported) {
            // a new key counts as active now; a key already in the savepoint keeps its activity time (see merge)
            r.lastActive = now;
            r.fromFile = true;
        }
        StepSavepoint from = null;
        if (fromSavepoint != null) {
            from = StepSavepoint.load(Locations.of(fromSavepoint));
            from.requireLayout(layout, model.source());
        }
        OutputDirectory target = OutputDirectory.claim(outSavepoint);

        ValueStateDescriptor<KeyState> descriptor = StepOperator.stateDescriptor(model);
        StreamExecutionEnvironment env = BatchEnvironment.create(parallelism);
        DataStream<KeyStateRecord> states = env.fromData(imported, TypeInformation.of(KeyStateRecord.class))
                .name("states from " + in.getFileName());
        SavepointWriter writer;
        if (from == null) {
            writer = SavepointWriter.newSavepoint(env, new HashMapStateBackend(), Environments.MAX_PARALLELISM);
        } else {
            writer = SavepointWriter.fromExistingSavepoint(env, from.path(), new HashMapStateBackend());
            if (from.hasStepOperator()) {
                DataStream<KeyStateRecord> saved = SavepointReader.read(env, from.path(), from.backend())
                        .readKeyedState(
                                StepSavepoint.STEP,
                                new KeyStateReader(descriptor),
                                Types.STRING,
                                TypeInformation.of(KeyStateRecord.class));
                // one record per key: the file's state where it has one, on top of the savepoint's
                states = states.union(saved)
                        .keyBy(r -> r.key, Types.STRING)
                        .reduce(KeyStateRecord::merge)
                        .name("merge key states");
                writer.removeOperator(StepSavepoint.STEP);
            }
        }
        StateBootstrapTransformation<KeyStateRecord> step = OperatorTransformation.bootstrapWith(states)
                .keyBy(r -> r.key, Types.STRING)
                .transform(new KeyStateWriter(descriptor));
        writer.withOperator(StepSavepoint.STEP, step).write(target.uri());
        try {
            env.execute("states import " + in.getFileName());
        } catch (Exception e) {
            target.release();
            throw FlinkFailures.translate(e, from != null ? "the savepoint " + from.path() : "states import");
        }
        return new Result(imported.size(), from != null);
    }

    /** The new savepoint's directory: new or empty when claimed; removed again if the import fails. */
    private record OutputDirectory(org.apache.flink.core.fs.Path path, FileSystem fs) {

        static OutputDirectory claim(String location) throws IOException {
            org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(Locations.of(location));
            FileSystem fs = p.getFileSystem();
            if (fs.exists(p)) {
                FileStatus[] children = fs.listStatus(p);
                if (!fs.getFileStatus(p).isDir() || (children != null && children.length > 0)) {
                    throw new StatesException(
                            location + " already exists; the new savepoint needs a new or empty " + "directory");
                }
            }
            return new OutputDirectory(p, fs);
        }

        String uri() {
            return path.toString();
        }

        void release() {
            try {
                fs.delete(path, true);
            } catch (IOException e) {
                throw new StatesException(
                        "the import failed, and its partial savepoint at " + path + " could not be removed: "
                                + e.getMessage(),
                        e);
            }
        }
    }
}
