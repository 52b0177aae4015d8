package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import lstmjob.model.layers.kernels.KernelPaths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** On both kernel paths, with a small shape and one that spans several vectors, panels and row blocks. */
class LstmLayerTest {

    private record Shape(int inputs, int units, int rows) {
        @Override
        public String toString() {
            return inputs + "→" + units + " ×" + rows;
        }
    }

    static Stream<Arguments> pathsAndShapes() {
        return KernelPaths.BOTH.stream()
                .flatMap(
                        p -> Stream.of(new Shape(3, 4, 3), new Shape(11, 37, 9)).map(s -> Arguments.of(p, s)));
    }

    static Stream<String> paths() {
        return KernelPaths.BOTH.stream();
    }

    /** Keras: z = x·W + h·U + b; i, f, c, o; c' = f·c + i·act(z_c); h' = o·act(c'). Returns {h', c'}. */
    private static double[][] reference(
            double[] x,
            double[] h,
            double[] c,
            float[] w,
            float[] u,
            float[] b,
            DoubleUnaryOperator act,
            DoubleUnaryOperator rec) {
        int n = h.length;
        double[] zx = dot(x, w, 4 * n, 0, 4 * n);
        double[] zh = dot(h, u, 4 * n, 0, 4 * n);
        double[] hn = new double[n];
        double[] cn = new double[n];
        for (int j = 0; j < n; j++) {
            double[] z = new double[4];
            for (int g = 0; g < 4; g++) {
                z[g] = zx[g * n + j] + zh[g * n + j] + (b == null ? 0 : b[g * n + j]);
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

    private static final class Fixture {
        final Shape s;
        final Random rnd = new Random(42);
        final float[] kernel;
        final float[] recurrent;
        final float[] bias;

        Fixture(Shape s) {
            this.s = s;
            kernel = Reference.random(rnd, s.inputs * 4 * s.units);
            recurrent = Reference.random(rnd, s.units * 4 * s.units);
            bias = Reference.random(rnd, 4 * s.units);
        }

        LstmLayer layer(String path, boolean withBias, Activation act, Activation rec, boolean returnSequences) {
            return new LstmLayer(
                    "lstm",
                    "LSTM",
                    s.inputs,
                    s.units,
                    kernel,
                    recurrent,
                    withBias ? bias : null,
                    act,
                    rec,
                    returnSequences,
                    KernelPaths.kernel(path));
        }

        void runAgainstReference(
                LstmLayer layer,
                boolean withBias,
                DoubleUnaryOperator act,
                DoubleUnaryOperator rec,
                boolean[][] maskedAt) {
            int rows = s.rows;
            int n = s.units;
            Harness harness = new Harness(layer, rows);
            float[][][] state = new float[2][rows][n];
            double[][] h = new double[rows][n];
            double[][] c = new double[rows][n];
            for (int t = 0; t < 6; t++) {
                float[][] x = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    x[r] = Reference.random(rnd, s.inputs);
                }
                boolean[] masked = maskedAt == null ? null : maskedAt[t];
                float[][] y = harness.step(x, state, masked);
                for (int r = 0; r < rows; r++) {
                    if (masked == null || !masked[r]) {
                        double[][] next = reference(
                                Reference.toDouble(x[r]),
                                h[r],
                                c[r],
                                kernel,
                                recurrent,
                                withBias ? bias : null,
                                act,
                                rec);
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
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pathsAndShapes")
    void stepsLikeKerasWithSigmoidGates(String path, Shape shape) {
        Fixture f = new Fixture(shape);
        LstmLayer layer = f.layer(path, true, Activations.TANH, Activations.SIGMOID, false);
        f.runAgainstReference(layer, true, Reference.TANH, Reference.SIGMOID, null);
        int i = shape.inputs;
        int h = shape.units;
        assertEquals(2, layer.stateVectors());
        assertEquals(h, layer.stateSize());
        assertEquals(i * 4 * h + h * 4 * h + 4 * h, layer.parameterCount());
        assertEquals(i, layer.inputSize());
        assertEquals(h, layer.outputSize());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pathsAndShapes")
    void stepsLikeKerasWithoutBiasAndHardSigmoidGates(String path, Shape shape) {
        Fixture f = new Fixture(shape);
        LstmLayer layer = f.layer(path, false, Activations.TANH, Activations.HARD_SIGMOID_KERAS2, false);
        f.runAgainstReference(layer, false, Reference.TANH, Reference.HARD_SIGMOID_KERAS2, null);
        int h = shape.units;
        assertEquals(shape.inputs * 4 * h + h * 4 * h, layer.parameterCount());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pathsAndShapes")
    void otherActivationsGoThroughThePasses(String path, Shape shape) {
        Fixture f = new Fixture(shape);
        LstmLayer layer = f.layer(path, true, Activations.RELU, Activations.SIGMOID, false);
        f.runAgainstReference(layer, true, Reference.RELU, Reference.SIGMOID, null);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pathsAndShapes")
    void maskedRowsKeepTheirStateAndRepeatTheirOutput(String path, Shape shape) {
        Fixture f = new Fixture(shape);
        LstmLayer layer = f.layer(path, true, Activations.TANH, Activations.SIGMOID, true);
        boolean[][] masked = new boolean[6][shape.rows];
        masked[0][1] = true; // right after a reset: the output is zeros
        masked[3][0] = true;
        masked[3][2] = true;
        masked[4][2] = true;
        f.runAgainstReference(layer, true, Reference.TANH, Reference.SIGMOID, masked);
    }

    @ParameterizedTest
    @MethodSource("paths")
    void returningOnlyTheLastOutputClearsTheMask(String path) {
        Fixture f = new Fixture(new Shape(3, 4, 2));
        float[][] x = {Reference.random(f.rnd, 3), Reference.random(f.rnd, 3)};
        Harness last = new Harness(f.layer(path, true, Activations.TANH, Activations.SIGMOID, false), 2);
        last.step(x, new float[2][2][4], new boolean[] {false, true});
        assertFalse(last.mask.any());
        Harness seq = new Harness(f.layer(path, true, Activations.TANH, Activations.SIGMOID, true), 2);
        seq.step(x, new float[2][2][4], new boolean[] {false, true});
        assertTrue(seq.mask.isMasked(1));
        assertFalse(seq.mask.isMasked(0));
    }
}
