package lstmjob.bench;

import java.util.List;
import java.util.Random;
import lstmjob.model.Model;
import lstmjob.model.layers.Activations;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.LstmLayer;
import lstmjob.model.layers.kernels.Kernels;

/** Models built in code with random weights, for benchmarking shapes no user file has at hand. */
public final class SyntheticModels {

    private SyntheticModels() {}

    /** LSTM(units) with tanh/sigmoid, then Dense(1), over {@code inputs} features; Glorot-scaled random weights. */
    public static Model lstmDense(int inputs, int units, long seed) {
        Random rnd = new Random(seed);
        float[] w = random(rnd, inputs * 4 * units, Math.sqrt(6.0 / (inputs + 4 * units)));
        float[] u = random(rnd, units * 4 * units, Math.sqrt(6.0 / (5 * units)));
        float[] b = random(rnd, 4 * units, 0.1);
        float[] d = random(rnd, units, Math.sqrt(6.0 / (units + 1)));
        LstmLayer lstm = new LstmLayer(
                "lstm",
                "LSTM",
                inputs,
                units,
                w,
                u,
                b,
                Activations.TANH,
                Activations.SIGMOID,
                false,
                Kernels.selected());
        DenseLayer dense = new DenseLayer(
                "dense", "Dense", units, 1, d, new float[] {0.05f}, Activations.LINEAR, Kernels.selected());
        return new Model(
                "synthetic LSTM(" + units + ")+Dense(1), " + inputs + " inputs",
                "synthetic",
                "",
                inputs,
                List.of(lstm, dense));
    }

    private static float[] random(Random rnd, int n, double limit) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
        }
        return v;
    }
}
