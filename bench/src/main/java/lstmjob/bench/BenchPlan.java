package lstmjob.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code bench} measures and how.
 *
 * @param model              the model file
 * @param weights            the weights file of a Keras architecture JSON given as model, or null
 * @param keys               distinct keys the samples cycle over
 * @param seconds            each measurement's window (warm-ups come on top)
 * @param operatorStates     state backends of the operator rows ({@code heap}, {@code rocksdb})
 * @param endToEndState      state backend of the end-to-end rows
 * @param bootstrapServers   an existing broker, or null for one in this JVM
 * @param checkpointInterval checkpoint interval of the end-to-end jobs (exactly-once output is visible at commits)
 * @param configFile         the job's settings file, or null for the built-in defaults
 * @param jobSettings        further job settings (keys as the flags of {@code run}), over the file's
 * @param flinkSettings      Flink configuration keys set on every bench job, e.g. RocksDB options
 * @param prefill            samples pre-filled for the sustained rate, or null for {@link #PREFILL_PER_SECOND} ×
 *                           seconds (at least keys)
 * @param rate               samples/s of the latency runs, or null for half the sustained rate of each mode
 * @param parts              which parts to measure
 * @param breakdown          whether to profile the operator and end-to-end windows for a per-record cost breakdown
 */
public record BenchPlan(
        Path model,
        Path weights,
        int keys,
        Duration seconds,
        List<String> operatorStates,
        String endToEndState,
        String bootstrapServers,
        Duration checkpointInterval,
        Path configFile,
        Map<String, String> jobSettings,
        Map<String, String> flinkSettings,
        Long prefill,
        Double rate,
        Set<Part> parts,
        boolean breakdown) {

    /**
     * Default pre-filled samples per second of {@code --seconds}: about what one step task drains here, so that the
     * sustained window lasts about {@code --seconds} (a window of a few seconds holds too few checkpoints to measure
     * exactly-once, and its CPU time is mostly noise).
     */
    public static final int PREFILL_PER_SECOND = 150_000;

    /** The parts of a bench run, in the order they run. */
    public enum Part {
        KERNEL("kernel"),
        OPERATOR("operator"),
        END_TO_END("end-to-end");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Part parse(String s) {
            for (Part p : values()) {
                if (p.label.equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown part '" + s + "': use kernel, operator or end-to-end");
        }
    }

    public BenchPlan {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, got " + keys);
        }
        if (seconds.isZero() || seconds.isNegative()) {
            throw new IllegalArgumentException("seconds must be positive");
        }
        parts = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
        operatorStates = List.copyOf(operatorStates);
        jobSettings = Map.copyOf(jobSettings);
        flinkSettings = Map.copyOf(flinkSettings);
    }

    /** Pre-filled samples: enough for about {@code seconds} at {@link #PREFILL_PER_SECOND}, and a visit to every key. */
    public long prefillCount() {
        return prefill != null ? prefill : Math.max(keys, Math.round(PREFILL_PER_SECOND * seconds.toMillis() / 1000.0));
    }

    /** Seconds the plan should take, for the progress bar. */
    public double plannedSeconds() {
        double s = seconds.toMillis() / 1000.0;
        double total = 0;
        if (parts.contains(Part.KERNEL)) {
            total += 7 * s + 2;
        }
        if (parts.contains(Part.OPERATOR)) {
            // the job's operator, then the no-model one
            total += 2 * operatorStates.size() * (2 * s + 6);
        }
        if (parts.contains(Part.END_TO_END)) {
            // per mode the job (sustained and latency) and the no-model job (sustained), after a warm-up round
            total += (bootstrapServers == null ? 4 : 0)
                    + 2 * (prefillCount() / (double) PREFILL_PER_SECOND + 3.5 * s + 12)
                    + 2 * (prefillCount() / (double) PREFILL_PER_SECOND + 12)
                    + prefillCount() / 100_000.0
                    + 1.75 * s
                    + 12;
        }
        return total;
    }
}
