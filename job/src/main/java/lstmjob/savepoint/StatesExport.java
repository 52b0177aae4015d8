package lstmjob.savepoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import lstmjob.model.Model;
import lstmjob.model.StateLayout;
import lstmjob.step.StepOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code states export}: every key's state in a savepoint of the job, read with the State Processor API, written to
 * a states file (JSON Lines or HDF5). The file appears whole or not at all (written beside it, then moved).
 */
public final class StatesExport {

    /** Keys written, and keys left out because a model change left them with another layout's state. */
    public record Result(long keys, long skipped) {}

    private StatesExport() {}

    public static Result run(String savepoint, Model model, Path out, int parallelism) throws IOException {
        StateLayout layout = model.stateLayout();
        savepoint = Locations.of(savepoint);
        StepSavepoint saved = StepSavepoint.load(savepoint);
        saved.requireStepOperator();
        saved.requireLayout(layout, model.source());

        StreamExecutionEnvironment env = BatchEnvironment.create(parallelism);
        DataStream<KeyStateRecord> states = SavepointReader.read(env, savepoint, saved.backend())
                .readKeyedState(
                        StepSavepoint.STEP,
                        new KeyStateReader(StepOperator.stateDescriptor(model)),
                        Types.STRING,
                        TypeInformation.of(KeyStateRecord.class));

        Path target = out.toAbsolutePath();
        Path tmp = temporaryBeside(target);
        try (CloseableIterator<KeyStateRecord> it = states.executeAndCollect("states export " + savepoint)) {
            Checked checked = new Checked(it, layout, saved.recordedLayout().isPresent(), savepoint);
            long keys;
            try {
                keys = StatesFiles.write(tmp, layout, checked);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new StatesException("cannot write " + out + ": " + e.getMessage(), e);
            }
            return new Result(keys, checked.skipped);
        } catch (StatesException e) {
            throw e;
        } catch (Exception e) {
            throw FlinkFailures.translate(e, "the savepoint " + savepoint);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Beside the target, with its name at the end: the same file system for the move, and the same format. */
    private static Path temporaryBeside(Path target) {
        if (!Files.isDirectory(target.getParent())) {
            throw new StatesException("cannot write " + target + ": there is no directory " + target.getParent());
        }
        try {
            return Files.createTempFile(target.getParent(), ".", "." + target.getFileName());
        } catch (IOException e) {
            throw new StatesException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The savepoint's key states, each checked against the model: a state of another layout is either a key the job
     * has not seen since it was started with a new model ({@code --on-state-mismatch reset}: it would reset that
     * key, so it is left out and counted), or, when the savepoint did not show its layout, a savepoint of another
     * model (refused).
     */
    private static final class Checked implements Iterator<KeyStateRecord> {
        private final Iterator<KeyStateRecord> in;
        private final StateLayout layout;
        private final boolean layoutChecked;
        private final String savepoint;
        private KeyStateRecord next;
        long skipped;

        Checked(Iterator<KeyStateRecord> in, StateLayout layout, boolean layoutChecked, String savepoint) {
            this.in = in;
            this.layout = layout;
            this.layoutChecked = layoutChecked;
            this.savepoint = savepoint;
        }

        @Override
        public boolean hasNext() {
            while (next == null && in.hasNext()) {
                KeyStateRecord r = in.next();
                boolean sameLayout = r.layout == layout.tag() && r.state.length == layout.floats();
                if (sameLayout) {
                    next = r;
                } else if (layoutChecked && r.layout != layout.tag()) {
                    skipped++;
                } else {
                    throw new StatesException("the savepoint " + savepoint + ": key " + JsonLinesStates.quote(r.key)
                            + " holds a state of " + r.state.length + " floats, written by another model; the model's "
                            + "state layout " + layout + " has " + layout.floats());
                }
            }
            return next != null;
        }

        @Override
        public KeyStateRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyStateRecord r = next;
            next = null;
            return r;
        }
    }
}
