package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import java.util.stream.Stream;
import lstmjob.model.layers.kernels.KernelPaths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** On both kernel paths; 2 inputs → 3 units over 2 rows, and 9 → 40 over 5. */
class SimpleRnnLayerTest {

    static Stream<Arguments> pathsAndShapes() {
        return KernelPaths.BOTH.stream().flatMap(p -> Stream.of(Arguments.of(p, 2, 3, 2), Arguments.of(p, 9, 40, 5)));
    }

    @ParameterizedTest(name = "{0}: {1} → {2} ×{3}")
    @MethodSource("pathsAndShapes")
    void stepsLikeKeras(String path, int inputs, int units, int rows) {
        Random rnd = new Random(3);
        float[] w = Reference.random(rnd, inputs * units);
        float[] u = Reference.random(rnd, units * units);
        float[] b = Reference.random(rnd, units);
        SimpleRnnLayer layer = new SimpleRnnLayer(
                "rnn", "SimpleRNN", inputs, units, w, u, b, Activations.TANH, false, KernelPaths.kernel(path));
        Harness harness = new Harness(layer, rows);
        float[][][] state = new float[1][rows][units];
        double[][] h = new double[rows][units];
        for (int t = 0; t < 5; t++) {
            float[][] x = new float[rows][];
            boolean[] masked = new boolean[rows];
            for (int r = 0; r < rows; r++) {
                x[r] = Reference.random(rnd, inputs);
            }
            masked[0] = t == 3;
            float[][] y = harness.step(x, state, masked);
            for (int r = 0; r < rows; r++) {
                if (!masked[r]) {
                    // h' = tanh(x·W + h·U + b)
                    double[] xw = dot(Reference.toDouble(x[r]), w, units, 0, units);
                    double[] hu = dot(h[r], u, units, 0, units);
                    for (int j = 0; j < units; j++) {
                        h[r][j] = Math.tanh(xw[j] + hu[j] + b[j]);
                    }
                }
                assertClose(h[r], y[r], "step " + t + " row " + r);
                assertClose(h[r], state[0][r], "step " + t + " row " + r + " h");
            }
            assertFalse(harness.mask.any(), "return_sequences=false clears the mask");
        }
        assertEquals(inputs * units + units * units + units, layer.parameterCount());
        assertEquals(inputs, layer.inputSize());
        assertEquals(units, layer.outputSize());
        assertEquals(1, layer.stateVectors());
    }
}
