package lstmjob.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a record's time goes: a JFR recording of execution samples over a measured window, each sample attributed
 * to a {@link Category} by the innermost frame that names one. The shares are of the samples; the nanoseconds per
 * record spread the whole JVM's CPU time over the window by those shares.
 */
final class CostBreakdown {

    /** JFR's sampling period; 10 ms gives a few thousand samples in a 10 s window on 2 cores. */
    private static final Duration PERIOD = Duration.ofMillis(10);

    /** What a sample is spent on, in the order the table shows them. */
    enum Category {
        FETCH("Kafka fetch and deserialization"),
        SOURCE("generator source"),
        DECODE("decode"),
        SHUFFLE("network shuffle decode → step"),
        STATE("state read and write"),
        KERNEL("kernel"),
        STEP("step operator, the rest"),
        ENCODE("encode"),
        SINK("sink"),
        BROKER("Kafka broker in this JVM"),
        BENCH_CLIENTS("bench's own producer and consumer"),
        OTHER("other");

        final String label;

        Category(String label) {
            this.label = label;
        }
    }

    /** The first rule whose prefix a frame's class name starts with names its category; more specific rules first. */
    private static final List<Map.Entry<String, Category>> RULES = List.of(
            Map.entry("lstmjob.model.layers", Category.KERNEL),
            Map.entry("lstmjob.codec.OutputEncoder", Category.ENCODE),
            Map.entry("lstmjob.codec.InputDecoder", Category.DECODE),
            Map.entry("lstmjob.step.DecodeFunction", Category.DECODE),
            Map.entry("lstmjob.codec.RawRecordDeserializationSchema", Category.FETCH),
            Map.entry("lstmjob.codec.EncodedRecordPart", Category.SINK),
            Map.entry("lstmjob.state", Category.STATE),
            Map.entry("org.rocksdb", Category.STATE),
            Map.entry("org.apache.flink.contrib.streaming.state", Category.STATE),
            Map.entry("org.apache.flink.state", Category.STATE),
            Map.entry("org.apache.flink.runtime.state", Category.STATE),
            Map.entry("lstmjob.bench.NoModelStepOperator", Category.STEP),
            Map.entry("lstmjob.step", Category.STEP),
            Map.entry("lstmjob.bench.CountingSink", Category.SINK),
            Map.entry("lstmjob.bench.GeneratedRecords", Category.SOURCE),
            Map.entry("org.apache.flink.connector.datagen", Category.SOURCE),
            Map.entry("org.apache.flink.connector.kafka.sink", Category.SINK),
            Map.entry("org.apache.kafka.clients.producer", Category.SINK),
            Map.entry("org.apache.flink.connector.kafka.source", Category.FETCH),
            Map.entry("org.apache.flink.connector.base.source", Category.FETCH),
            Map.entry("org.apache.kafka.clients.consumer", Category.FETCH),
            Map.entry("org.apache.flink.runtime.io.network", Category.SHUFFLE),
            Map.entry("org.apache.flink.streaming.runtime.io", Category.SHUFFLE),
            Map.entry("kafka.", Category.BROKER),
            Map.entry("org.apache.kafka.server", Category.BROKER),
            Map.entry("org.apache.kafka.storage", Category.BROKER),
            Map.entry("org.apache.kafka.raft", Category.BROKER),
            Map.entry("org.apache.kafka.metadata", Category.BROKER),
            Map.entry("org.apache.kafka.coordinator", Category.BROKER),
            Map.entry("org.apache.kafka.controller", Category.BROKER));

    /**
     * @param samples      samples per category
     * @param total        all samples attributed
     * @param nanosPerRecord the JVM's CPU nanoseconds per record over the window, spread by the shares
     */
    record Result(Map<Category, Long> samples, long total, double nanosPerRecord) {

        double share(Category c) {
            return total == 0 ? Double.NaN : samples.getOrDefault(c, 0L) / (double) total;
        }

        double nanosPerRecord(Category c) {
            return share(c) * nanosPerRecord;
        }
    }

    private final Recording recording;
    private final Path file;
    private final long cpu0;

    private CostBreakdown(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
        recording.start();
        cpu0 = CpuClock.process();
    }

    /**
     * Starts and stops a recording of the same events, before anything is measured. Started first at a window's
     * beginning, JFR's first recording in the JVM left the kernels running the Vector API's scalar fallbacks (its
     * operations not compiled to vector instructions) through much of that window; started before, it did not.
     */
    static void prime(Path work) throws IOException {
        try (Recording r = recording(work, "lstm-job bench breakdown, priming")) {
            r.start();
            r.stop();
        }
    }

    /** Starts recording now; the window ends with {@link #stop}. */
    static CostBreakdown start(Path work) throws IOException {
        Recording r = recording(work, "lstm-job bench breakdown");
        return new CostBreakdown(r, Files.createTempFile(work, "breakdown-", ".jfr"));
    }

    /** A recording of the breakdown's events, not started, its repository under {@code work}. */
    private static Recording recording(Path work, String name) throws IOException {
        Files.createDirectories(work);
        repositoryIn(Files.createDirectories(work.resolve("jfr")));
        Recording r = new Recording();
        r.setName(name);
        r.enable("jdk.ExecutionSample").withPeriod(PERIOD).withStackTrace();
        // RocksDB's JNI calls run "in native", which execution samples skip; JFR samples one such thread a period
        r.enable("jdk.NativeMethodSample").withPeriod(PERIOD).withStackTrace();
        return r;
    }

    /**
     * JFR keeps its chunks in a repository, by default a new folder in the temporary directory that stays until the
     * JVM exits: put it under the bench's own folder, which the bench removes.
     */
    private static void repositoryIn(Path dir) {
        try {
            ObjectName commands = new ObjectName("com.sun.management:type=DiagnosticCommand");
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            commands,
                            "jfrConfigure",
                            new Object[] {new String[] {"repositorypath=" + dir}},
                            new String[] {String[].class.getName()});
        } catch (JMException e) {
            // this JVM has no such command: JFR keeps its default repository
        }
    }

    /** Ends the window; {@code records} is what went through the job in it. */
    Result stop(long records) throws IOException {
        long cpu1 = CpuClock.process();
        recording.stop();
        try {
            recording.dump(file);
            Map<Category, Long> counts = new EnumMap<>(Category.class);
            long total = 0;
            try (RecordingFile f = new RecordingFile(file)) {
                while (f.hasMoreEvents()) {
                    Category c = categorize(f.readEvent());
                    if (c != null) {
                        counts.merge(c, 1L, Long::sum);
                        total++;
                    }
                }
            }
            double perRecord = records <= 0 || cpu0 < 0 || cpu1 <= cpu0 ? Double.NaN : (cpu1 - cpu0) / (double) records;
            return new Result(counts, total, perRecord);
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
    }

    /** A sample's category; null for a native sample outside RocksDB (a thread waiting in a system call). */
    private static Category categorize(RecordedEvent e) {
        String type = e.getEventType().getName();
        // another recording in this JVM (-XX:StartFlightRecording) adds its events to the dump: count only ours
        if (e.getStackTrace() == null
                || !(type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample"))) {
            return null;
        }
        List<String> frames = new ArrayList<>();
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            frames.add(f.getMethod().getType().getName());
        }
        boolean nativeSample = type.equals("jdk.NativeMethodSample");
        if (nativeSample && (frames.isEmpty() || !frames.get(0).startsWith("org.rocksdb"))) {
            return null;
        }
        RecordedThread t = e.getThread("sampledThread");
        return category(t == null ? "" : t.getJavaName(), frames);
    }

    /**
     * The category of one sample of thread {@code thread} with these frames' class names, innermost first: the bench's
     * own clients by their thread, otherwise the innermost frame a rule names.
     */
    static Category category(String thread, List<String> frames) {
        if (thread != null && (thread.startsWith("bench-") || thread.contains("lstm-job-bench-"))) {
            return Category.BENCH_CLIENTS;
        }
        for (String frame : frames) {
            for (Map.Entry<String, Category> rule : RULES) {
                if (frame.startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return Category.OTHER;
    }

    /** One row per category with samples: ns per record, the share of samples in the setting. */
    static List<BenchRow> rows(String setting, Result r) {
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.of(
                "breakdown",
                String.format(java.util.Locale.ROOT, "%s: all, %,d samples", setting, r.total()),
                r.nanosPerRecord(),
                "ns/record"));
        for (Category c : Category.values()) {
            if (r.samples().getOrDefault(c, 0L) > 0) {
                rows.add(BenchRow.of(
                        "breakdown",
                        String.format(
                                java.util.Locale.ROOT,
                                "%s: %s, %.1f %% of samples",
                                setting,
                                c.label,
                                100 * r.share(c)),
                        r.nanosPerRecord(c),
                        "ns/record"));
            }
        }
        return rows;
    }
}
