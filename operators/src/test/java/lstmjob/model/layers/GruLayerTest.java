package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class GruLayerTest {

    private static final int I = 3;
    private static final int H = 5;
    private static final int ROWS = 2;

    private final Random rnd = new Random(7);
    private final float[] kernel = Reference.random(rnd, I * 3 * H);
    private final float[] recurrent = Reference.random(rnd, H * 3 * H);
    private final float[] bias2 = Reference.random(rnd, 2 * 3 * H);
    private final float[] bias1 = Reference.random(rnd, 3 * H);

    /**
     * Keras GRUCell. reset_after: x_· = x·W_· + b_in, r_· = h·U_· + b_rec, z = rec(x_z + r_z),
     * r = rec(x_r + r_r), hh = act(x_h + r·r_h). Otherwise hh = act(x·W_h + b_h + (r·h)·U_h).
     * h' = z·h + (1 − z)·hh.
     */
    private static double[] reference(double[] x, double[] h, float[] w, float[] u, float[] b, boolean resetAfter,
                                      DoubleUnaryOperator act, DoubleUnaryOperator rec) {
        double[] xw = dot(x, w, 3 * H, 0, 3 * H);
        double[] hu = dot(h, u, 3 * H, 0, 3 * H);
        double[] bx = new double[3 * H];
        double[] bh = new double[3 * H];
        if (b != null) {
            for (int k = 0; k < 3 * H; k++) {
                bx[k] = b[k];
                bh[k] = resetAfter ? b[3 * H + k] : 0;
            }
        }
        double[] z = new double[H];
        double[] r = new double[H];
        for (int j = 0; j < H; j++) {
            z[j] = rec.applyAsDouble(xw[j] + bx[j] + hu[j] + bh[j]);
            r[j] = rec.applyAsDouble(xw[H + j] + bx[H + j] + hu[H + j] + bh[H + j]);
        }
        double[] candidateRecurrent;
        if (resetAfter) {
            candidateRecurrent = new double[H];
            for (int j = 0; j < H; j++) {
                candidateRecurrent[j] = r[j] * (hu[2 * H + j] + bh[2 * H + j]);
            }
        } else {
            double[] rh = new double[H];
            for (int j = 0; j < H; j++) {
                rh[j] = r[j] * h[j];
            }
            candidateRecurrent = dot(rh, u, 3 * H, 2 * H, H);
        }
        double[] out = new double[H];
        for (int j = 0; j < H; j++) {
            double hh = act.applyAsDouble(xw[2 * H + j] + bx[2 * H + j] + candidateRecurrent[j]);
            out[j] = z[j] * h[j] + (1 - z[j]) * hh;
        }
        return out;
    }

    private void runAgainstReference(boolean resetAfter, float[] bias, DoubleUnaryOperator act, Activation actF,
                                     DoubleUnaryOperator rec, Activation recF) {
        GruLayer layer = new GruLayer("gru", "GRU", I, H, resetAfter, kernel, recurrent, bias, actF, recF, true);
        Harness harness = new Harness(layer, ROWS);
        float[][][] state = new float[1][ROWS][H];
        double[][] h = new double[ROWS][H];
        boolean[][] masked = new boolean[7][ROWS];
        masked[2][1] = true;
        for (int t = 0; t < 7; t++) {
            float[][] x = {Reference.random(rnd, I), Reference.random(rnd, I)};
            float[][] y = harness.step(x, state, masked[t]);
            for (int r = 0; r < ROWS; r++) {
                if (!masked[t][r]) {
                    h[r] = reference(Reference.toDouble(x[r]), h[r], kernel, recurrent, bias, resetAfter, act, rec);
                }
                assertClose(h[r], y[r], "step " + t + " row " + r + " output");
                assertClose(h[r], state[0][r], "step " + t + " row " + r + " h");
            }
        }
        assertEquals(1, layer.stateVectors());
        assertEquals(I * 3 * H + H * 3 * H + (bias == null ? 0 : bias.length), layer.parameterCount());
    }

    @Test
    void resetAfterTrueKeepsInputAndRecurrentBiasesApart() {
        runAgainstReference(true, bias2, Reference.TANH, Activations.TANH, Reference.SIGMOID, Activations.SIGMOID);
    }

    @Test
    void resetAfterFalseAppliesTheResetGateBeforeTheRecurrentKernel() {
        runAgainstReference(false, bias1, Reference.TANH, Activations.TANH, Reference.HARD_SIGMOID_KERAS2,
                Activations.HARD_SIGMOID_KERAS2);
    }

    @Test
    void withoutBiasEitherWay() {
        runAgainstReference(true, null, Reference.RELU, Activations.RELU, Reference.HARD_SIGMOID_KERAS3,
                Activations.HARD_SIGMOID_KERAS3);
        runAgainstReference(false, null, Reference.TANH, Activations.TANH, Reference.SIGMOID, Activations.SIGMOID);
    }
}
