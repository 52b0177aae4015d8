package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lstmjob.model.Model;
import org.junit.jupiter.api.Test;

/** What the kernel bench measures and how it counts; no timing is asserted. */
class KernelBenchTest {

    @Test
    void measuresEveryBundleSizeAndCountsTwoFlopsPerMultiplyAdd() {
        Model m = SyntheticModels.lstmDense(8, 32, 1);
        // LSTM: (8 + 32) inputs × 4·32 gates; Dense: 32 × 1
        assertEquals((8 + 32) * 128 + 32, KernelBench.multiplyAdds(m));
        List<String> progress = new ArrayList<>();
        KernelBench.Result r = KernelBench.run(m, Duration.ofMillis(40), progress::add);
        assertEquals(2L * ((8 + 32) * 128 + 32), r.flopsPerStep());
        assertEquals(
                List.of(1, 1, 16, 64, 256),
                r.rows().stream().map(KernelBench.Row::keysPerCall).toList());
        assertTrue(
                r.rows().get(0).what().startsWith("textbook"), r.rows().get(0).what());
        assertEquals(1.0, r.rows().get(0).timesTextbook(), 1e-12);
        assertTrue(r.peakGflops() > 0, "the FMA peak is measured with the Vector API present: " + r.peakGflops());
        for (KernelBench.Row row : r.rows()) {
            assertTrue(
                    row.bestStepsPerSecond() > 0 && row.bestStepsPerSecond() >= row.medianStepsPerSecond(),
                    row.toString());
            assertEquals(row.bestStepsPerSecond() * r.flopsPerStep() / 1e9, row.gflops(), 1e-9 * row.gflops());
            assertEquals(row.gflops() / r.peakGflops(), row.ofPeak(), 1e-12);
            assertEquals(1e9 / row.bestStepsPerSecond(), row.nanosPerStep(), 1e-9 * row.nanosPerStep());
        }
        assertTrue(progress.contains("warm-up: kernel, bundles of 64 keys"), progress.toString());
        String table = KernelBench.table(r);
        assertTrue(table.contains("kernel, bundles of 256 keys") && table.contains("FLOP peak"), table);
    }
}
