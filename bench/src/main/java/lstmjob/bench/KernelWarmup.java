package lstmjob.bench;

import java.util.Arrays;
import lstmjob.model.Model;
import lstmjob.model.ModelStepper;

/**
 * Steps the model on this thread, one key per call and in bundles, for a few seconds of this thread's CPU time, so
 * that the JIT has compiled the kernels before an operator window begins. Without it, on a busy machine and without
 * the kernel part first, the operator's warm-up can end while the vector code still runs in the interpreter, and
 * the window then measures the interpreter.
 */
final class KernelWarmup {

    private static final long CPU_NANOS = 3_000_000_000L;

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
        long start = CpuTime.current();
        while (CpuTime.current() - start < CPU_NANOS) {
            for (int i = 0; i < 64; i++) {
                one.step(x[0], states[0], y[0]);
            }
            bundle.step(rows, x, states, y);
        }
    }
}
