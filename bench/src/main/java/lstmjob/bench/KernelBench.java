package lstmjob.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import lstmjob.model.Model;
import lstmjob.model.ModelStepper;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.GruLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.LstmLayer;
import lstmjob.model.layers.SimpleRnnLayer;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.load.Models;

/**
 * The kernel alone, on the user's model, single-threaded: key-steps per second through {@link ModelStepper}
 * for one key per call and for bundles of 16, 64 and 256 keys; GFLOP/s (2 FLOPs per multiply-add of every
 * layer's products); the ratio to this core's FLOP peak, measured in the same run with an FMA loop on the
 * kernel's vector species; and the speed-up over textbook {@code float[]} loops of the same shapes.
 *
 * <p>Every measurement is warmed up first (C2 compiles the vector code), then all of them run in interleaved
 * rounds so that a busy neighbour slows them alike; each reports its best round (the machine's capability) and
 * its median round. Ratios use the best rounds. Time is the bench thread's CPU time, so that a shared machine
 * does not count the time the thread waits for a core; the table says how much of the wall time that was.
 */
public final class KernelBench {

    /** Bundle sizes measured besides one key per call. */
    public static final int[] BUNDLES = {16, 64, 256};

    private static final int ROUNDS = 5;
    /**
     * The clock is read after chunks of calls this long: reading a thread's CPU time is a system call (a few µs
     * on a VM), which must stay far below the chunk.
     */
    private static final long CHUNK_NANOS = 2_000_000;

    /** One line of the table. {@code gflops}, {@code ofPeak} and {@code timesTextbook} use the best round. */
    public record Row(
            String what,
            int keysPerCall,
            double bestStepsPerSecond,
            double medianStepsPerSecond,
            double nanosPerStep,
            double gflops,
            double ofPeak,
            double timesTextbook,
            double bytesPerCall) {}

    /**
     * @param peakGflops NaN when the Vector API is not available to measure it
     * @param flopsPerStep FLOPs of one key's timestep (2 per multiply-add)
     */
    public record Result(
            String model,
            String kernel,
            String jvm,
            String cpu,
            long flopsPerStep,
            double peakGflops,
            double peakMedianGflops,
            Duration perMeasurement,
            double cpuShare,
            List<Row> rows) {}

    private KernelBench() {}

    public static Result run(Model model, Duration perMeasurement) {
        return run(model, perMeasurement, what -> {});
    }

    /**
     * Measures {@code model} as it was built (with the kernel {@link Kernels#selected()} chose then; the result
     * names the kernel selected now, the same unless {@link Kernels#PROPERTY} changed in between). Takes about
     * 12 × {@code perMeasurement} of this thread's CPU time (a warm-up and 5 rounds for each of the textbook
     * loops, 1, 16, 64 and 256 keys per call, and the FMA peak), more wall time on a busy machine.
     *
     * @param progress told what runs now, e.g. {@code "warm-up: 64 keys per call"}
     */
    public static Result run(Model model, Duration perMeasurement, Consumer<String> progress) {
        long flopsPerStep = 2 * multiplyAdds(model);
        List<Workload> loads = new ArrayList<>();
        loads.add(new Textbook(model));
        loads.add(new Kernel(model, 1));
        for (int b : BUNDLES) {
            loads.add(new Kernel(model, b));
        }
        Optional<FmaPeak> peak = FmaPeak.onThisJvm();
        peak.ifPresent(p -> loads.add(new Peak(p)));

        long slice = Math.max(1, perMeasurement.toNanos() / ROUNDS);
        for (Workload w : loads) {
            progress.accept("warm-up: " + w.name());
            w.calibrate(); // while still interpreted or half-compiled: a first guess
            measure(w, perMeasurement.toNanos());
            w.calibrate(); // compiled now
        }
        double[][] rates = new double[loads.size()][ROUNDS];
        double[] bytesPerCall = new double[loads.size()];
        Arrays.fill(bytesPerCall, Double.POSITIVE_INFINITY);
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < loads.size(); i++) {
                Workload w = loads.get(i);
                progress.accept("round " + (round + 1) + "/" + ROUNDS + ": " + w.name());
                long calls0 = w.calls;
                long bytes0 = Allocation.current();
                rates[i][round] = measure(w, slice);
                double bytes = (Allocation.current() - bytes0) / (double) (w.calls - calls0);
                bytesPerCall[i] = Math.min(bytesPerCall[i], bytes);
            }
        }

        double peakBest = Double.NaN;
        double peakMedian = Double.NaN;
        if (peak.isPresent()) {
            double[] p = rates[loads.size() - 1];
            peakBest = best(p) / 1e9;
            peakMedian = median(p) / 1e9;
        }
        double textbookBest = best(rates[0]);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < loads.size() - (peak.isPresent() ? 1 : 0); i++) {
            Workload w = loads.get(i);
            double b = best(rates[i]);
            double gflops = b * flopsPerStep / 1e9;
            rows.add(new Row(
                    w.name(),
                    w.keysPerCall(),
                    b,
                    median(rates[i]),
                    1e9 / b,
                    gflops,
                    gflops / peakBest,
                    b / textbookBest,
                    bytesPerCall[i]));
        }
        long wall = 0;
        long cpu = 0;
        for (Workload w : loads) {
            wall += w.wallNanos;
            cpu += w.cpuNanos;
        }
        return new Result(
                model.source(),
                Kernels.describe(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Cpu.name(),
                flopsPerStep,
                peakBest,
                peakMedian,
                perMeasurement,
                cpu / (double) wall,
                rows);
    }

    /**
     * Multiply-adds of one key's timestep over the layers with products: [x | h]·[W; U] with 4, 3 or 1 blocks of
     * units columns for LSTM, GRU and SimpleRNN; x·W for Dense.
     */
    public static long multiplyAdds(Model model) {
        long n = 0;
        for (Layer l : model.layers()) {
            long in = l.inputSize();
            long units = l.outputSize();
            if (l instanceof LstmLayer) {
                n += (in + units) * 4 * units;
            } else if (l instanceof GruLayer) {
                n += (in + units) * 3 * units;
            } else if (l instanceof SimpleRnnLayer) {
                n += (in + units) * units;
            } else if (l instanceof DenseLayer) {
                n += in * units;
            }
        }
        return n;
    }

    /**
     * Runs {@code w} for about {@code nanos} of this thread's CPU time; returns its units (key-steps or FLOPs)
     * per CPU second. CPU time, not wall time: on a shared machine, time the thread spends descheduled says
     * nothing about the kernel (on an idle machine the two agree).
     */
    private static double measure(Workload w, long nanos) {
        int chunk = w.chunk;
        long units = 0;
        long wallStart = System.nanoTime();
        long start = CpuTime.current();
        long now;
        do {
            for (int i = 0; i < chunk; i++) {
                w.call();
            }
            units += (long) chunk * w.unitsPerCall();
            w.calls += chunk;
            now = CpuTime.current();
        } while (now - start < nanos);
        w.wallNanos += System.nanoTime() - wallStart;
        w.cpuNanos += now - start;
        return units * 1e9 / (now - start);
    }

    private static double best(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The result as a table for people. */
    public static String table(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("model:  ").append(r.model()).append('\n');
        sb.append("kernel: ").append(r.kernel()).append('\n');
        sb.append("JVM:    ").append(r.jvm()).append("; CPU: ").append(r.cpu()).append('\n');
        sb.append(String.format(Locale.ROOT, "FLOPs per key-step: %,d (2 per multiply-add)%n", r.flopsPerStep()));
        if (Double.isNaN(r.peakGflops())) {
            sb.append("FLOP peak: not measured (Vector API unavailable)\n");
        } else {
            sb.append(String.format(
                    Locale.ROOT,
                    "FLOP peak, one core, vector FMA loop: %.1f GFLOP/s (median round " + "%.1f)%n",
                    r.peakGflops(),
                    r.peakMedianGflops()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "%-40s %9s %13s %13s %11s %8s %8s %10s %10s%n",
                "measurement",
                "keys/call",
                "key-steps/s",
                "(median)",
                "ns/key-step",
                "GFLOP/s",
                "of peak",
                "×textbook",
                "bytes/call"));
        for (Row row : r.rows()) {
            String ofPeak =
                    Double.isNaN(row.ofPeak()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * row.ofPeak());
            sb.append(String.format(
                    Locale.ROOT,
                    "%-40s %9d %,13.0f %,13.0f %11.1f %8.2f %8s %9.1f× %10.0f%n",
                    row.what(),
                    row.keysPerCall(),
                    row.bestStepsPerSecond(),
                    row.medianStepsPerSecond(),
                    row.nanosPerStep(),
                    row.gflops(),
                    ofPeak,
                    row.timesTextbook(),
                    row.bytesPerCall()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "rates per second of the bench thread's CPU time; best of %d interleaved "
                        + "rounds of %s each, after a warm-up of %s each; the thread had the CPU %.0f%% of the wall "
                        + "time%n",
                ROUNDS,
                Duration.ofNanos(r.perMeasurement().toNanos() / ROUNDS),
                r.perMeasurement(),
                100 * r.cpuShare()));
        return sb.toString();
    }

    /**
     * {@code KernelBench MODEL [SECONDS]}: MODEL is a model file, or {@code lstm:I:H} for a synthetic
     * LSTM(H)+Dense(1) over I inputs; SECONDS per measurement (default 2).
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: KernelBench MODEL|lstm:INPUTS:UNITS [SECONDS per measurement]");
            System.exit(2);
        }
        Model model;
        if (args[0].startsWith("lstm:")) {
            String[] p = args[0].split(":");
            model = SyntheticModels.lstmDense(Integer.parseInt(p[1]), Integer.parseInt(p[2]), 1);
        } else {
            model = Models.load(Path.of(args[0]));
        }
        Duration d = Duration.ofMillis(Math.round(1000 * (args.length > 1 ? Double.parseDouble(args[1]) : 2)));
        System.out.print(table(run(model, d, what -> System.err.println("  " + what))));
    }

    /** Something measured: calls of a fixed amount of work. */
    private abstract static class Workload {
        int chunk = 1;
        long calls;
        long wallNanos;
        long cpuNanos;

        abstract String name();

        abstract int keysPerCall();

        /** What one call does, in the unit reported: key-steps, or FLOPs for the peak. */
        abstract long unitsPerCall();

        abstract void call();

        /** Sets {@link #chunk} to the calls in about {@link #CHUNK_NANOS}, timed in ever larger batches. */
        void calibrate() {
            for (int n = 1; ; n *= 2) {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    call();
                }
                long took = System.nanoTime() - start;
                if (took >= CHUNK_NANOS / 4 || n >= 1 << 24) {
                    chunk = (int) Math.max(1, Math.min(1 << 26, n * (double) CHUNK_NANOS / Math.max(1, took)));
                    return;
                }
            }
        }
    }

    /** Keys stepped through the model's stepper, {@code rows} per call, each key with its own state. */
    private static final class Kernel extends Workload {
        private final ModelStepper stepper;
        private final int rows;
        private final float[][][] inputs;
        private final float[][] states;
        private final float[][] outputs;
        private final float[][] in;
        private int t;

        Kernel(Model model, int rows) {
            this.rows = rows;
            this.stepper = model.newStepper(rows);
            Random rnd = new Random(rows);
            // A few distinct inputs per key, cycled: the states keep moving, as in service.
            this.inputs = new float[8][rows][model.inputSize()];
            for (float[][] step : inputs) {
                for (float[] x : step) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) rnd.nextGaussian();
                    }
                }
            }
            this.states = new float[rows][model.stateLayout().floats()];
            this.outputs = new float[rows][model.outputSize()];
            this.in = new float[rows][];
        }

        @Override
        String name() {
            return rows == 1 ? "kernel, 1 key per call" : "kernel, bundles of " + rows + " keys";
        }

        @Override
        int keysPerCall() {
            return rows;
        }

        @Override
        long unitsPerCall() {
            return rows;
        }

        @Override
        void call() {
            float[][] x = inputs[t++ & 7];
            System.arraycopy(x, 0, in, 0, rows);
            stepper.step(rows, in, states, outputs);
        }
    }

    /** The textbook loops, one key per call. */
    private static final class Textbook extends Workload {
        private final TextbookModel model;
        private final float[][] inputs;
        private int t;
        float sink;

        Textbook(Model m) {
            this.model = new TextbookModel(m, 1);
            Random rnd = new Random(2);
            this.inputs = new float[8][m.inputSize()];
            for (float[] x : inputs) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rnd.nextGaussian();
                }
            }
        }

        @Override
        String name() {
            return "textbook float[] loops, 1 key per call";
        }

        @Override
        int keysPerCall() {
            return 1;
        }

        @Override
        long unitsPerCall() {
            return 1;
        }

        @Override
        void call() {
            float[] y = model.step(inputs[t++ & 7]);
            sink += y.length == 0 ? 0 : y[0];
        }
    }

    /** The FMA loop: its unit is the FLOP. */
    private static final class Peak extends Workload {
        private static final int ITERATIONS = 1000;
        private final FmaPeak peak;
        float sink;

        Peak(FmaPeak peak) {
            this.peak = peak;
        }

        @Override
        String name() {
            return "FLOP peak";
        }

        @Override
        int keysPerCall() {
            return 0;
        }

        @Override
        long unitsPerCall() {
            return ITERATIONS * peak.flopsPerIteration();
        }

        @Override
        void call() {
            sink += peak.burst(ITERATIONS);
        }
    }
}
