package lstmjob.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.codec.RawRecord;
import lstmjob.pipeline.JsonLinesFormat;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FileSystem;

/**
 * The replayed input's timesteps, per key, numbered as the job numbers them (from 1 after each reset; replays by
 * seq dropped; set-state sets the count), each with its target. The file is read and decoded exactly as replay
 * reads it, so a record the job rejected is skipped here too.
 */
final class InputSteps {

    /** One timestep of the input: the record's seq, the job's step number for it, its target (NaN: none). */
    record Step(boolean hasSeq, long seq, long step, double target) {}

    /** Kept per key while reading, as the job keeps it: steps since reset and the last seq. */
    private static final class Numbering {
        long steps;
        boolean hasSeq;
        long lastSeq;
    }

    static final int MAX_PROBLEMS = 20;

    private final Map<String, List<Step>> byKey = new HashMap<>();
    private final Map<String, Numbering> numbering = new HashMap<>();
    private final List<String> targetProblems = new ArrayList<>();
    private long badTargets;
    private long targets;

    private InputSteps() {}

    static InputSteps read(Path file, String name, InputDecoder decoder, TargetParser targets) throws IOException {
        InputSteps steps = new InputSteps();
        org.apache.flink.core.fs.Path path =
                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri());
        try (StreamFormat.Reader<RawRecord> reader = new JsonLinesFormat(name)
                .createReader(
                        new Configuration(), FileSystem.getLocalFileSystem().open(path))) {
            for (RawRecord raw = reader.read(); raw != null; raw = reader.read()) {
                try {
                    steps.add(raw, decoder.decode(raw.value()), targets);
                } catch (BadRecordException e) {
                    // a dead letter of the job's: it has no timestep
                }
            }
        }
        return steps;
    }

    private void add(RawRecord raw, InputRecord r, TargetParser parser) {
        Numbering n = numbering.computeIfAbsent(r.key(), k -> new Numbering());
        if (r.hasSeq() && n.hasSeq && r.seq() <= n.lastSeq) {
            return;
        }
        switch (r.kind()) {
            case RESET -> n.steps = 0;
            case SET_STATE -> n.steps = r.step();
            case GET_STATE -> {}
            case SAMPLE -> addSample(raw, r, n, parser);
        }
        if (r.hasSeq()) {
            n.hasSeq = true;
            n.lastSeq = r.seq();
        }
    }

    private void addSample(RawRecord raw, InputRecord r, Numbering n, TargetParser parser) {
        double[] target = null;
        try {
            target = parser.parse(raw.value(), r.x().length);
        } catch (TargetParser.BadTargetException e) {
            badTargets++;
            if (targetProblems.size() < MAX_PROBLEMS) {
                targetProblems.add(raw.source() + ": " + e.getMessage());
            }
        }
        List<Step> key = byKey.computeIfAbsent(r.key(), k -> new ArrayList<>());
        for (int i = 0; i < r.x().length; i++) {
            double t = target == null ? Double.NaN : target[i];
            if (!Double.isNaN(t)) {
                targets++;
            }
            key.add(new Step(r.hasSeq(), r.seq(), ++n.steps, t));
        }
        if (r.end()) {
            n.steps = 0;
        }
    }

    /** The key's timesteps in input order; empty for a key with none. */
    List<Step> of(String key) {
        return byKey.getOrDefault(key, List.of());
    }

    /** How many timesteps carry a target. */
    long targets() {
        return targets;
    }

    /** How many records had a target the report could not use, and the first {@link #MAX_PROBLEMS} reasons. */
    long badTargets() {
        return badTargets;
    }

    List<String> targetProblems() {
        return targetProblems;
    }
}
