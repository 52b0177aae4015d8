package lstmjob.model.layers.kernels;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lstmjob.model.Model;
import lstmjob.model.ModelStepper;
import lstmjob.model.layers.Activations;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.LstmLayer;

/**
 * Run by {@link KernelsTest} in a JVM without {@code jdk.incubator.vector}: prints the kernel description and
 * the outputs of a small LSTM + Dense model over a few steps of three keys.
 */
public final class NoVectorModuleMain {

    private NoVectorModuleMain() {}

    public static void main(String[] args) {
        System.out.println("kernel=" + Kernels.describe());
        System.out.println("outputs=" + outputs());
    }

    /** Deterministic outputs of a model built with the kernel selected now. */
    static String outputs() {
        Random rnd = new Random(1);
        int in = 5;
        int units = 19;
        LstmLayer lstm = new LstmLayer(
                "lstm",
                "LSTM",
                in,
                units,
                random(rnd, in * 4 * units),
                random(rnd, units * 4 * units),
                random(rnd, 4 * units),
                Activations.TANH,
                Activations.SIGMOID,
                false,
                Kernels.selected());
        DenseLayer dense = new DenseLayer(
                "dense",
                "Dense",
                units,
                3,
                random(rnd, units * 3),
                random(rnd, 3),
                Activations.LINEAR,
                Kernels.selected());
        Model m = new Model("in code", "test", "", in, List.of(lstm, dense));
        ModelStepper stepper = m.newStepper(3);
        float[][] states = new float[3][m.stateLayout().floats()];
        float[][] y = new float[3][3];
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < 4; t++) {
            float[][] x = {random(rnd, in), random(rnd, in), random(rnd, in)};
            stepper.step(3, x, states, y);
            for (float[] row : y) {
                sb.append(Arrays.toString(row));
            }
        }
        return sb.toString();
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
