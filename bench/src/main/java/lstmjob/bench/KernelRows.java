package lstmjob.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link KernelBench}'s result as rows of the bench table (best rounds; the medians are in KernelBench's own table).
 */
final class KernelRows {

    private KernelRows() {}

    static List<BenchRow> of(KernelBench.Result r) {
        List<BenchRow> rows = new ArrayList<>();
        if (!Double.isNaN(r.peakGflops())) {
            rows.add(BenchRow.of("kernel", "FLOP peak, 1 core (vector FMA loop)", r.peakGflops(), "GFLOP/s"));
        }
        for (KernelBench.Row k : r.rows()) {
            String setting = k.what().startsWith("kernel, ") ? k.what().substring("kernel, ".length()) : k.what();
            rows.add(BenchRow.of("kernel", setting, k.bestStepsPerSecond(), "key-steps/s"));
            if (k.what().startsWith("textbook")) {
                continue;
            }
            if (k.keysPerCall() == 1) {
                rows.add(BenchRow.of("kernel", setting, k.nanosPerStep(), "ns/key-step"));
                rows.add(BenchRow.of("kernel", setting + ", vs textbook loops", k.timesTextbook(), "×"));
            }
            rows.add(BenchRow.of("kernel", setting, k.gflops(), "GFLOP/s"));
            if (!Double.isNaN(k.ofPeak())) {
                rows.add(BenchRow.of("kernel", setting, 100 * k.ofPeak(), "% of FLOP peak"));
            }
        }
        return rows;
    }
}
