package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import lstmjob.model.layers.kernels.KernelPaths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** On both kernel paths; 3 inputs → 5 units over 2 rows, and 7 → 21 over 6 (several vectors and row blocks). */
class GruLayerTest {

    static Stream<Arguments> pathsAndShapes() {
        return KernelPaths.BOTH.stream().flatMap(p -> Stream.of(Arguments.of(p, 3, 5, 2), Arguments.of(p, 7, 21, 6)));
    }

    private static final class Fixture {
        private final String path;
        private final int inputs;
        private final int units;
        private final int rows;
        private final Random rnd = new Random(7);
        private final float[] kernel;
        private final float[] recurrent;
        private final float[] bias2;
        private final float[] bias1;

        Fixture(String path, int inputs, int units, int rows) {
            this.path = path;
            this.inputs = inputs;
            this.units = units;
            this.rows = rows;
            kernel = Reference.random(rnd, inputs * 3 * units);
            recurrent = Reference.random(rnd, units * 3 * units);
            bias2 = Reference.random(rnd, 2 * 3 * units);
            bias1 = Reference.random(rnd, 3 * units);
        }

        /**
         * Keras GRUCell. reset_after: x_· = x·W_· + b_in, r_· = h·U_· + b_rec, z = rec(x_z + r_z),
         * r = rec(x_r + r_r), hh = act(x_h + r·r_h). Otherwise hh = act(x·W_h + b_h + (r·h)·U_h).
         * h' = z·h + (1 − z)·hh.
         */
        private double[] reference(
                double[] x,
                double[] h,
                float[] w,
                float[] u,
                float[] b,
                boolean resetAfter,
                DoubleUnaryOperator act,
                DoubleUnaryOperator rec) {
            double[] xw = dot(x, w, 3 * units, 0, 3 * units);
            double[] hu = dot(h, u, 3 * units, 0, 3 * units);
            double[] bx = new double[3 * units];
            double[] bh = new double[3 * units];
            if (b != null) {
                for (int k = 0; k < 3 * units; k++) {
                    bx[k] = b[k];
                    bh[k] = resetAfter ? b[3 * units + k] : 0;
                }
            }
            double[] z = new double[units];
            double[] r = new double[units];
            for (int j = 0; j < units; j++) {
                z[j] = rec.applyAsDouble(xw[j] + bx[j] + hu[j] + bh[j]);
                r[j] = rec.applyAsDouble(xw[units + j] + bx[units + j] + hu[units + j] + bh[units + j]);
            }
            double[] candidateRecurrent;
            if (resetAfter) {
                candidateRecurrent = new double[units];
                for (int j = 0; j < units; j++) {
                    candidateRecurrent[j] = r[j] * (hu[2 * units + j] + bh[2 * units + j]);
                }
            } else {
                double[] rh = new double[units];
                for (int j = 0; j < units; j++) {
                    rh[j] = r[j] * h[j];
                }
                candidateRecurrent = dot(rh, u, 3 * units, 2 * units, units);
            }
            double[] out = new double[units];
            for (int j = 0; j < units; j++) {
                double hh = act.applyAsDouble(xw[2 * units + j] + bx[2 * units + j] + candidateRecurrent[j]);
                out[j] = z[j] * h[j] + (1 - z[j]) * hh;
            }
            return out;
        }

        private void runAgainstReference(
                boolean resetAfter,
                float[] bias,
                DoubleUnaryOperator act,
                Activation actF,
                DoubleUnaryOperator rec,
                Activation recF) {
            GruLayer layer = new GruLayer(
                    "gru",
                    "GRU",
                    inputs,
                    units,
                    resetAfter,
                    kernel,
                    recurrent,
                    bias,
                    actF,
                    recF,
                    true,
                    KernelPaths.kernel(path));
            Harness harness = new Harness(layer, rows);
            float[][][] state = new float[1][rows][units];
            double[][] h = new double[rows][units];
            boolean[][] masked = new boolean[7][rows];
            masked[2][1] = true;
            for (int t = 0; t < 7; t++) {
                float[][] x = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    x[r] = Reference.random(rnd, inputs);
                }
                float[][] y = harness.step(x, state, masked[t]);
                for (int r = 0; r < rows; r++) {
                    if (!masked[t][r]) {
                        h[r] = reference(Reference.toDouble(x[r]), h[r], kernel, recurrent, bias, resetAfter, act, rec);
                    }
                    assertClose(h[r], y[r], "step " + t + " row " + r + " output");
                    assertClose(h[r], state[0][r], "step " + t + " row " + r + " h");
                }
            }
            assertEquals(1, layer.stateVectors());
            assertEquals(
                    inputs * 3 * units + units * 3 * units + (bias == null ? 0 : bias.length), layer.parameterCount());
            assertEquals(inputs, layer.inputSize());
            assertEquals(units, layer.outputSize());
        }
    }

    @ParameterizedTest(name = "{0}: {1} → {2} ×{3}")
    @MethodSource("pathsAndShapes")
    void resetAfterTrueKeepsInputAndRecurrentBiasesApart(String path, int inputs, int units, int rows) {
        Fixture t = new Fixture(path, inputs, units, rows);
        t.runAgainstReference(true, t.bias2, Reference.TANH, Activations.TANH, Reference.SIGMOID, Activations.SIGMOID);
    }

    @ParameterizedTest(name = "{0}: {1} → {2} ×{3}")
    @MethodSource("pathsAndShapes")
    void resetAfterFalseAppliesTheResetGateBeforeTheRecurrentKernel(String path, int inputs, int units, int rows) {
        Fixture t = new Fixture(path, inputs, units, rows);
        t.runAgainstReference(
                false,
                t.bias1,
                Reference.TANH,
                Activations.TANH,
                Reference.HARD_SIGMOID_KERAS2,
                Activations.HARD_SIGMOID_KERAS2);
    }

    @ParameterizedTest(name = "{0}: {1} → {2} ×{3}")
    @MethodSource("pathsAndShapes")
    void withoutBiasEitherWay(String path, int inputs, int units, int rows) {
        Fixture t = new Fixture(path, inputs, units, rows);
        t.runAgainstReference(
                true,
                null,
                Reference.RELU,
                Activations.RELU,
                Reference.HARD_SIGMOID_KERAS3,
                Activations.HARD_SIGMOID_KERAS3);
        t.runAgainstReference(false, null, Reference.TANH, Activations.TANH, Reference.SIGMOID, Activations.SIGMOID);
    }
}
