package lstmjob.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import lstmjob.config.JobConfig;
import lstmjob.kafka.EmbeddedKafka;
import lstmjob.model.Model;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.Models;
import lstmjob.step.ModelSource;
import org.HdrHistogram.Histogram;
import org.apache.flink.util.FileUtils;

/**
 * Runs a {@link BenchPlan}: the kernel alone, the keyed operator per state backend, and the job end to end through
 * Kafka at-least-once and exactly-once; returns every figure as a row of one report. Everything it starts (local
 * clusters, a broker, producers, consumers, temporary files, topics on a given broker) it stops or removes.
 */
public final class Bench {

    private Bench() {}

    public static BenchReport run(BenchPlan plan, String command, BenchProgress progress) throws Exception {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("command", command);
        context.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        context.put("cpu", Cpu.name());
        context.put(
                "jvm",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", max heap "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        context.put("kernel", Kernels.describe());
        String loadBefore = loadAverage();
        context.put("load average before", loadBefore);

        ModelSource source = ModelSource.of(plan.model(), plan.weights(), LoadLimits.DEFAULT);
        Model model = Models.load(plan.model(), plan.weights(), LoadLimits.DEFAULT);
        settings(plan.configFile(), plan.jobSettings()).stepOptions(model); // a top-k it cannot give: refused now
        context.put("model", describe(plan.model(), model));
        context.put("keys", String.format(Locale.ROOT, "%,d", plan.keys()));
        context.put("each measurement", human(plan.seconds()) + " after its warm-up");

        List<BenchRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Path work = Files.createTempDirectory("lstm-bench-");
        // Ctrl-C: the JVM's exit stops the clusters and the broker (which has its own hook); remove our files too
        Thread cleanup = new Thread(
                () -> {
                    try {
                        FileUtils.deleteDirectory(work.toFile());
                    } catch (IOException e) {
                        System.err.println("bench: could not remove " + work + ": " + e);
                    }
                },
                "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (plan.breakdown()) {
                CostBreakdown.prime(work); // before anything measured is compiled
            }
            if (plan.parts().contains(BenchPlan.Part.KERNEL)) {
                progress.phase("kernel", 7 * plan.seconds().toMillis() / 1000.0 + 2);
                KernelBench.Result k = KernelBench.run(model, plan.seconds().dividedBy(2), progress::detail);
                context.put(
                        "kernel rows",
                        String.format(
                                Locale.ROOT,
                                "the model's layers stepped alone on this "
                                        + "thread; best of interleaved rounds after a warm-up; %,d FLOPs per key-step "
                                        + "(2 per multiply-add)",
                                k.flopsPerStep()));
                rows.addAll(KernelRows.of(k));
                progress.detail("the JSON codec");
                CodecBench.Result codec = CodecBench.run(model, plan.seconds().dividedBy(2));
                rows.add(BenchRow.of("codec", "decode a sample (JSON → record)", codec.decodeNanos(), "ns/record"));
                rows.add(BenchRow.of("codec", "encode a prediction (record → JSON)", codec.encodeNanos(), "ns/record"));
            }
            if (plan.parts().contains(BenchPlan.Part.OPERATOR)) {
                for (String state : plan.operatorStates()) {
                    rows.addAll(operator(plan, state, source, model, work, progress, context));
                }
            }
            if (plan.parts().contains(BenchPlan.Part.END_TO_END)) {
                rows.addAll(endToEnd(plan, source, model, work, progress, context));
            }
        } finally {
            FileUtils.deleteDirectory(work.toFile());
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down and the hook runs (or ran): nothing to remove
            }
        }
        String loadAfter = loadAverage();
        context.put("load average after", loadAfter);
        busyNote(loadBefore).ifPresent(notes::add);
        return new BenchReport(context, rows, notes);
    }

    private static List<BenchRow> operator(
            BenchPlan plan,
            String state,
            ModelSource source,
            Model model,
            Path work,
            BenchProgress progress,
            Map<String, String> context)
            throws Exception {
        Map<String, String> s = new LinkedHashMap<>(plan.jobSettings());
        s.put("model", plan.model().toString());
        if (plan.weights() != null) {
            s.put("weights", plan.weights().toString());
        }
        s.put("state-backend", state);
        s.put("parallelism", "1");
        s.put(
                "checkpoint-dir",
                work.resolve("operator-" + state + "-checkpoints").toUri().toString());
        JobConfig c = settings(plan.configFile(), s);
        if (!plan.parts().contains(BenchPlan.Part.KERNEL)) {
            progress.phase("operator: compiling the kernels", 3);
            KernelWarmup.run(model, c.stepOptions(model).bundleSize());
        }
        progress.phase("operator, " + state + " state", 2 * plan.seconds().toMillis() / 1000.0 + 6);
        OperatorBench.Result r = OperatorBench.run(
                c,
                model,
                BenchStep.job(source),
                plan.keys(),
                plan.seconds(),
                work,
                plan.flinkSettings(),
                plan.breakdown(),
                progress);
        progress.phase(
                "operator, " + state + " state, no-model job",
                2 * plan.seconds().toMillis() / 1000.0 + 6);
        OperatorBench.Result n = OperatorBench.run(
                c,
                model,
                BenchStep.noModel(model),
                plan.keys(),
                plan.seconds(),
                work,
                plan.flinkSettings(),
                false,
                progress);
        context.putIfAbsent(
                "operator rows",
                String.format(
                        Locale.ROOT,
                        "generated JSON samples → decode → keyBy → "
                                + "step → discarding sink on a local Flink MiniCluster, parallelism 1; %s; "
                                + "checkpoints every %s; the rate over %s after a warm-up (every key seen once, at "
                                + "least %s)",
                        bundling(c),
                        human(c.checkpointInterval()),
                        human(plan.seconds()),
                        human(plan.seconds().dividedBy(2))));
        context.putIfAbsent("no-model rows", NO_MODEL);
        String setting = String.format(Locale.ROOT, "%s state, %,d keys", state, plan.keys());
        List<BenchRow> ours = operatorRows(setting, r);
        List<BenchRow> ceiling = operatorRows(NO_MODEL_JOB + setting, n);
        List<BenchRow> rows = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            rows.add(ours.get(i).versus(ceiling.get(i)));
        }
        rows.addAll(ceiling);
        if (r.breakdown() != null) {
            rows.addAll(CostBreakdown.rows("operator, " + setting, r.breakdown()));
        }
        return rows;
    }

    /** What a no-model row measures. */
    private static final String NO_MODEL = "the same job with the step operator replaced by a keyed operator "
            + "without the model: per record it reads and writes a ValueState of the model's state bytes and emits an "
            + "output of a prediction's size; \"vs no-model job\" is each row's ratio to the same row of that job";

    private static final String NO_MODEL_JOB = "no-model job, ";

    private static List<BenchRow> operatorRows(String setting, OperatorBench.Result r) {
        // per CPU-second of the step thread: what the keyed operator does on one core of its own, nearly regardless
        // of other work sharing the machine
        return List.of(
                BenchRow.of("operator", setting, r.recordsPerSecond(), "records/s"),
                BenchRow.of(
                        "operator",
                        setting + ", per CPU-second of the step task's thread",
                        r.perStepCpuSecond(),
                        "records/CPU-s"),
                BenchRow.of(
                        "operator",
                        setting + ", per CPU-second of the whole JVM",
                        r.perProcessCpuSecond(),
                        "records/CPU-s"));
    }

    private static List<BenchRow> endToEnd(
            BenchPlan plan,
            ModelSource source,
            Model model,
            Path work,
            BenchProgress progress,
            Map<String, String> context)
            throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        EmbeddedKafka broker = null;
        try {
            String bootstrap = plan.bootstrapServers();
            if (bootstrap == null) {
                progress.phase("starting a Kafka broker in this JVM", 4);
                broker = EmbeddedKafka.start();
                bootstrap = broker.bootstrapServers();
                context.put("broker", "Kafka (KRaft) in this JVM, " + bootstrap);
            } else {
                context.put("broker", bootstrap);
            }
            Map<String, String> s = new LinkedHashMap<>(plan.jobSettings());
            s.put("model", plan.model().toString());
            if (plan.weights() != null) {
                s.put("weights", plan.weights().toString());
            }
            if (plan.endToEndState() != null) {
                s.put("state-backend", plan.endToEndState());
            }
            s.put("checkpoint-interval", human(plan.checkpointInterval()));
            if (!plan.parts().contains(BenchPlan.Part.KERNEL) && !plan.parts().contains(BenchPlan.Part.OPERATOR)) {
                progress.phase("end to end: compiling the kernels", 3);
                KernelWarmup.run(
                        model, settings(plan.configFile(), s).stepOptions(model).bundleSize());
            }
            // A first, unreported round compiles the broker's, the Kafka clients' and the job's paths: without it
            // the first mode measured pays for that compilation, on cores it shares with the job.
            Duration warmSeconds = plan.seconds().dividedBy(2);
            long warmRecords = Math.max(1, plan.prefillCount() / 2);
            progress.phase(
                    "end to end, warm-up round (not reported)",
                    warmRecords / (double) BenchPlan.PREFILL_PER_SECOND + 3.5 * warmSeconds.toMillis() / 1000.0 + 12);
            EndToEndBench.run(
                    bootstrap,
                    s,
                    plan.configFile(),
                    false,
                    model,
                    BenchStep.job(source),
                    plan.keys(),
                    warmRecords,
                    plan.rate(),
                    warmSeconds,
                    work,
                    plan.flinkSettings(),
                    false,
                    progress);
            Double latencyRate = plan.rate();
            for (boolean exactlyOnce : new boolean[] {false, true}) {
                String mode = exactlyOnce ? "exactly-once" : "at-least-once";
                progress.phase(
                        "end to end, " + mode,
                        plan.prefillCount() / (double) BenchPlan.PREFILL_PER_SECOND
                                + 3.5 * plan.seconds().toMillis() / 1000.0
                                + 12);
                EndToEndBench.Result r = EndToEndBench.run(
                        bootstrap,
                        s,
                        plan.configFile(),
                        exactlyOnce,
                        model,
                        BenchStep.job(source),
                        plan.keys(),
                        plan.prefillCount(),
                        latencyRate,
                        plan.seconds(),
                        work,
                        plan.flinkSettings(),
                        plan.breakdown(),
                        progress);
                progress.phase(
                        "end to end, " + mode + ", no-model job",
                        plan.prefillCount() / (double) BenchPlan.PREFILL_PER_SECOND + 12);
                EndToEndBench.Result n = EndToEndBench.run(
                        bootstrap,
                        s,
                        plan.configFile(),
                        exactlyOnce,
                        model,
                        BenchStep.noModel(model),
                        plan.keys(),
                        plan.prefillCount(),
                        null,
                        plan.seconds(),
                        work,
                        plan.flinkSettings(),
                        false,
                        progress);
                // exactly-once latency at the same rate as at-least-once, for a like-for-like comparison
                latencyRate = r.rate();
                JobConfig c = settings(plan.configFile(), s);
                context.putIfAbsent(
                        "end-to-end rows",
                        String.format(
                                Locale.ROOT,
                                "the Kafka job (source → decode → "
                                        + "keyBy → step → sink) on a local Flink MiniCluster, parallelism 1; %s "
                                        + "state; %s; checkpoints every %s. Sustained: %,d samples over %,d keys "
                                        + "pre-filled, the rate from a tenth of the predictions readable to all. "
                                        + "Latency: from handing a sample to the producer to a consumer reading its "
                                        + "prediction (read_committed for exactly-once), %s timed after a %s warm-up. "
                                        + "Both after an unreported at-least-once round that warms the JVM up",
                                c.rocksdb() ? "rocksdb" : "heap",
                                bundling(c),
                                human(plan.checkpointInterval()),
                                r.prefilled(),
                                plan.keys(),
                                human(plan.seconds()),
                                human(Duration.ofMillis(
                                        Math.max(500, plan.seconds().toMillis() / 2)))));
                String label = exactlyOnce ? "exactly-once (readable at checkpoints)" : "at-least-once";
                List<BenchRow> ours = sustainedRows(label, r.sustained(), broker != null);
                List<BenchRow> ceiling = sustainedRows(NO_MODEL_JOB + label, n.sustained(), broker != null);
                for (int i = 0; i < ours.size(); i++) {
                    rows.add(ours.get(i).versus(ceiling.get(i)));
                }
                rows.addAll(ceiling);
                String missing = r.missing() > 0
                        ? String.format(
                                Locale.ROOT, " (%,d of %,d not read in time, left " + "out)", r.missing(), r.timed())
                        : "";
                Histogram h = r.latencyMicros();
                String at = String.format(Locale.ROOT, " at %,.0f samples/s", r.rate()) + missing;
                rows.add(BenchRow.of("end to end", label + ", latency p50" + at, ms(h, 50), "ms"));
                rows.add(BenchRow.of("end to end", label + ", latency p99" + at, ms(h, 99), "ms"));
                rows.add(BenchRow.of("end to end", label + ", latency p99.9" + at, ms(h, 99.9), "ms"));
                if (r.sustained().breakdown() != null) {
                    rows.addAll(CostBreakdown.rows(
                            "end to end, " + mode + ", sustained", r.sustained().breakdown()));
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        return rows;
    }

    private static List<BenchRow> sustainedRows(String label, EndToEndBench.Sustained r, boolean brokerHere) {
        String from = r.from().equals(EndToEndBench.STANDARD_WINDOW) ? "" : " (" + r.from() + ")";
        return List.of(
                BenchRow.of("end to end", label + ", sustained" + from, r.rate(), "samples/s"),
                BenchRow.of(
                        "end to end",
                        label + ", sustained, per CPU-second of this JVM"
                                + (brokerHere ? " (the broker's included)" : ""),
                        r.perCpuSecond(),
                        "samples/CPU-s"));
    }

    /**
     * The job's settings for a bench job: the built-in defaults and {@code settings}, over the file when one is
     * given ({@code --config}); conf/job.yaml is not read unasked, so that a bench measures the same job anywhere.
     */
    static JobConfig settings(Path configFile, Map<String, String> settings) {
        return configFile != null ? JobConfig.resolve(configFile, settings) : JobConfig.withoutFile(settings);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String bundling(JobConfig c) {
        int size = c.stepOptions().bundleSize();
        return size <= 1
                ? "bundling off"
                : "bundles of ≤ " + size + " keys, wait ≤ "
                        + human(c.stepOptions().bundleWait());
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    /** "model.json: LSTM(32) → Dense(1), 8 inputs, 4,513 parameters, 256 state bytes per key". */
    static String describe(Path file, Model m) {
        String layers = m.layers().stream().map(Bench::layer).collect(Collectors.joining(" → "));
        return String.format(
                Locale.ROOT,
                "%s: %s, %d inputs, %,d parameters, %,d state bytes per key",
                file,
                layers,
                m.inputSize(),
                m.parameterCount(),
                m.stateLayout().bytes());
    }

    private static String layer(Layer l) {
        return l.type() + "(" + l.outputSize() + ")";
    }

    /** The 1-, 5- and 15-minute load averages, from /proc/loadavg where there is one. */
    static String loadAverage() {
        Path f = Path.of("/proc/loadavg");
        try {
            if (Files.isReadable(f)) {
                String[] p = Files.readString(f).trim().split("\\s+");
                return p[0] + " " + p[1] + " " + p[2] + " ("
                        + Runtime.getRuntime().availableProcessors() + " cores)";
            }
        } catch (IOException e) {
            // fall through to the JVM's own figure
        }
        return String.format(
                Locale.ROOT,
                "%.2f (%d cores)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * A note when other work was running as the bench began (its own load shows in the figure after it, so only
     * the one before tells): its figures are then lower than the machine can do.
     */
    static java.util.Optional<String> busyNote(String before) {
        double load = first(before);
        int cores = Runtime.getRuntime().availableProcessors();
        if (load > 0.5 * cores) {
            return java.util.Optional.of(String.format(
                    Locale.ROOT,
                    "the machine was busy: 1-minute load average "
                            + "%.1f on %d cores before the bench began; other processes shared the cores, so these "
                            + "figures are below what a quiet machine gives",
                    load,
                    cores));
        }
        return java.util.Optional.empty();
    }

    private static double first(String load) {
        try {
            return Double.parseDouble(load.split("\\s+")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
