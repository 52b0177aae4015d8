package lstmjob.bench;

import java.util.Arrays;
import lstmjob.model.Model;
import lstmjob.model.ModelStepper;

/**
 * Steps the model on this thread, one key per call and in bundles, so that the JIT has compiled the kernels with C2
 * before an operator window begins. C1's code runs the Vector API's scalar fallbacks, many times slower: without
 * this, on a busy machine and without the kernel part first, the operator's warm-up can end before C2's code runs,
 * and the window then measures the fallbacks. It steps for at least a few seconds of this thread's CPU time (on a
 * busy machine the compiler threads get about as much), then until the rounds stop getting faster.
 */
final class KernelWarmup {

    /** At least this much of this thread's CPU time, then until the rate stops improving. */
    private static final long MIN_CPU_NANOS = 4_000_000_000L;

    /** At most this long on the clock: a busy machine's compiler threads may wait long for a core. */
    private static final long MAX_NANOS = 60_000_000_000L;

    /** Rounds in a row that must come within 10 % of the best round's CPU time. */
    private static final int STEADY_ROUNDS = 20;

    private KernelWarmup() {}

    static void run(Model model, int bundleSize) {
        ModelStepper one = model.newStepper(1);
        ModelStepper bundle = model.newStepper(Math.max(1, bundleSize));
        int rows = bundle.maxRows();
        float[][] x = new float[rows][model.inputSize()];
        float[][] states = new float[rows][model.stateLayout().floats()];
        float[][] y = new float[rows][model.outputSize()];
        for (float[] row : x) {
            Arrays.fill(row, 0.5f);
        }
        long wallStart = System.nanoTime();
        long start = CpuTime.current();
        long best = Long.MAX_VALUE;
        int steady = 0;
        while (System.nanoTime() - wallStart < MAX_NANOS) {
            long r0 = CpuTime.current();
            for (int i = 0; i < 16; i++) {
                one.step(x[0], states[0], y[0]);
                bundle.step(rows, x, states, y);
            }
            long round = CpuTime.current() - r0;
            steady = round < best * 1.1 ? steady + 1 : 0;
            best = Math.min(best, round);
            if (CpuTime.current() - start >= MIN_CPU_NANOS && steady >= STEADY_ROUNDS) {
                return;
            }
        }
    }
}
