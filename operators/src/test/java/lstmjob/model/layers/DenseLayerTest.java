package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;
import lstmjob.model.layers.kernels.KernelPaths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** On both kernel paths, with unit counts below, at and above a vector (padded and unpadded outputs). */
class DenseLayerTest {

    static Stream<Arguments> pathsAndShapes() {
        return KernelPaths.BOTH.stream()
                .flatMap(p -> Stream.of(
                        Arguments.of(p, 4, 3, 3),
                        Arguments.of(p, 37, 70, 6),
                        Arguments.of(p, 128, 1, 9),
                        Arguments.of(p, 20, 32, 5)));
    }

    static Stream<String> paths() {
        return KernelPaths.BOTH.stream();
    }

    @ParameterizedTest(name = "{0}: {1} → {2} ×{3}")
    @MethodSource("pathsAndShapes")
    void computesActivationOfAffineMapPerRow(String path, int in, int units, int rows) {
        Random rnd = new Random(11);
        float[] w = Reference.random(rnd, in * units);
        float[] b = Reference.random(rnd, units);
        DenseLayer layer = new DenseLayer(
                "d", "TimeDistributed(Dense)", in, units, w, b, Activations.SIGMOID, KernelPaths.kernel(path));
        float[][] x = new float[rows][];
        for (int r = 0; r < rows; r++) {
            x[r] = Reference.random(rnd, in);
        }
        float[][] y = new Harness(layer, rows).step(x, new float[0][][], null);
        for (int r = 0; r < rows; r++) {
            double[] z = dot(Reference.toDouble(x[r]), w, units, 0, units);
            for (int j = 0; j < units; j++) {
                z[j] = 1 / (1 + Math.exp(-(z[j] + b[j])));
            }
            assertClose(z, y[r], "row " + r);
        }
        assertEquals(in * units + units, layer.parameterCount());
        assertEquals(in, layer.inputSize());
        assertEquals(units, layer.outputSize());
        assertEquals("TimeDistributed(Dense)", layer.type());
        assertEquals(0, layer.stateVectors());
    }

    @ParameterizedTest
    @MethodSource("paths")
    void softmaxWithoutBiasIsTakenPerRow(String path) {
        float[] w = {1, 0, 0, 0, 1, 0}; // (2, 3): picks x0, x1 and a zero
        DenseLayer layer = new DenseLayer("d", "Dense", 2, 3, w, null, Activations.SOFTMAX, KernelPaths.kernel(path));
        float[][] y = new Harness(layer, 2).step(new float[][] {{1, 2}, {0, 0}}, new float[0][][], null);
        double s = Math.exp(1) + Math.exp(2) + 1;
        assertClose(new double[] {Math.exp(1) / s, Math.exp(2) / s, 1 / s}, y[0], "row 0");
        assertClose(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, y[1], "row 1");
        assertEquals(6, layer.parameterCount());
    }
}
