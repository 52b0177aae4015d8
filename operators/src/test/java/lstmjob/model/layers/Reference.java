package lstmjob.model.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Plain double arithmetic for the layer tests' reference values, written from Keras's formulas. */
final class Reference {

    static final DoubleUnaryOperator TANH = Math::tanh;
    static final DoubleUnaryOperator SIGMOID = x -> 1 / (1 + Math.exp(-x));
    static final DoubleUnaryOperator HARD_SIGMOID_KERAS2 = x -> Math.min(1, Math.max(0, 0.2 * x + 0.5));
    static final DoubleUnaryOperator HARD_SIGMOID_KERAS3 = x -> Math.min(6, Math.max(0, x + 3)) / 6;
    static final DoubleUnaryOperator RELU = x -> Math.max(0, x);

    private Reference() {}

    /** Values in about [-1, 1], fixed by the seed. */
    static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** x · W[:, from..from+n) for W row-major with {@code cols} columns. */
    static double[] dot(double[] x, float[] w, int cols, int from, int n) {
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += x[i] * w[i * cols + from + j];
            }
            out[j] = s;
        }
        return out;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static void assertClose(double[] want, float[] got, String what) {
        assertTrue(want.length == got.length, what + ": length " + got.length + ", expected " + want.length);
        for (int i = 0; i < want.length; i++) {
            double diff = Math.abs(want[i] - got[i]);
            assertTrue(
                    diff <= 1e-5 * Math.max(1, Math.abs(want[i])),
                    what + "[" + i + "] = " + got[i] + ", expected " + want[i]);
        }
    }
}
