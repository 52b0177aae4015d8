package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class LstmLayerTest {

    private static final int I = 3;
    private static final int H = 4;
    private static final int ROWS = 3;

    private final Random rnd = new Random(42);
    private final float[] kernel = Reference.random(rnd, I * 4 * H);
    private final float[] recurrent = Reference.random(rnd, H * 4 * H);
    private final float[] bias = Reference.random(rnd, 4 * H);

    /** Keras: z = x·W + h·U + b; i, f, c, o; c' = f·c + i·act(z_c); h' = o·act(c'). Returns {h', c'}. */
    private static double[][] reference(double[] x, double[] h, double[] c, float[] w, float[] u, float[] b,
                                        DoubleUnaryOperator act, DoubleUnaryOperator rec) {
        double[] zx = dot(x, w, 4 * H, 0, 4 * H);
        double[] zh = dot(h, u, 4 * H, 0, 4 * H);
        double[] hn = new double[H];
        double[] cn = new double[H];
        for (int j = 0; j < H; j++) {
            double[] z = new double[4];
            for (int g = 0; g < 4; g++) {
                z[g] = zx[g * H + j] + zh[g * H + j] + (b == null ? 0 : b[g * H + j]);
            }
            double i = rec.applyAsDouble(z[0]);
            double f = rec.applyAsDouble(z[1]);
            double cand = act.applyAsDouble(z[2]);
            double o = rec.applyAsDouble(z[3]);
            cn[j] = f * c[j] + i * cand;
            hn[j] = o * act.applyAsDouble(cn[j]);
        }
        return new double[][] {hn, cn};
    }

    private void runAgainstReference(LstmLayer layer, float[] b, DoubleUnaryOperator act, DoubleUnaryOperator rec,
                                     boolean[][] maskedAt) {
        Harness harness = new Harness(layer, ROWS);
        float[][][] state = new float[2][ROWS][H];
        double[][] h = new double[ROWS][H];
        double[][] c = new double[ROWS][H];
        for (int t = 0; t < 6; t++) {
            float[][] x = new float[ROWS][];
            for (int r = 0; r < ROWS; r++) {
                x[r] = Reference.random(rnd, I);
            }
            boolean[] masked = maskedAt == null ? null : maskedAt[t];
            float[][] y = harness.step(x, state, masked);
            for (int r = 0; r < ROWS; r++) {
                if (masked == null || !masked[r]) {
                    double[][] next = reference(Reference.toDouble(x[r]), h[r], c[r], kernel, recurrent, b, act, rec);
                    h[r] = next[0];
                    c[r] = next[1];
                }
                String where = "step " + t + " row " + r;
                assertClose(h[r], y[r], where + " output");
                assertClose(h[r], state[0][r], where + " h");
                assertClose(c[r], state[1][r], where + " c");
            }
        }
    }

    @Test
    void stepsLikeKerasWithSigmoidGates() {
        LstmLayer layer = new LstmLayer("lstm", "LSTM", I, H, kernel, recurrent, bias, Activations.TANH,
                Activations.SIGMOID, false);
        runAgainstReference(layer, bias, Reference.TANH, Reference.SIGMOID, null);
        assertEquals(2, layer.stateVectors());
        assertEquals(H, layer.stateSize());
        assertEquals(I * 4 * H + H * 4 * H + 4 * H, layer.parameterCount());
    }

    @Test
    void stepsLikeKerasWithoutBiasAndHardSigmoidGates() {
        LstmLayer layer = new LstmLayer("lstm", "LSTM", I, H, kernel, recurrent, null, Activations.TANH,
                Activations.HARD_SIGMOID_KERAS2, false);
        runAgainstReference(layer, null, Reference.TANH, Reference.HARD_SIGMOID_KERAS2, null);
        assertEquals(I * 4 * H + H * 4 * H, layer.parameterCount());
    }

    @Test
    void maskedRowsKeepTheirStateAndRepeatTheirOutput() {
        LstmLayer layer = new LstmLayer("lstm", "LSTM", I, H, kernel, recurrent, bias, Activations.TANH,
                Activations.SIGMOID, true);
        boolean[][] masked = new boolean[6][ROWS];
        masked[0][1] = true; // right after a reset: the output is zeros
        masked[3][0] = true;
        masked[3][2] = true;
        masked[4][2] = true;
        runAgainstReference(layer, bias, Reference.TANH, Reference.SIGMOID, masked);
    }

    @Test
    void returningOnlyTheLastOutputClearsTheMask() {
        float[][] x = {Reference.random(rnd, I), Reference.random(rnd, I)};
        Harness last = new Harness(new LstmLayer("a", "LSTM", I, H, kernel, recurrent, bias, Activations.TANH,
                Activations.SIGMOID, false), 2);
        last.step(x, new float[2][2][H], new boolean[] {false, true});
        assertFalse(last.mask.any());
        Harness seq = new Harness(new LstmLayer("b", "LSTM", I, H, kernel, recurrent, bias, Activations.TANH,
                Activations.SIGMOID, true), 2);
        seq.step(x, new float[2][2][H], new boolean[] {false, true});
        assertTrue(seq.mask.isMasked(1));
        assertFalse(seq.mask.isMasked(0));
    }
}
