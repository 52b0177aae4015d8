package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseLayerTest {

    @Test
    void computesActivationOfAffineMapPerRow() {
        Random rnd = new Random(11);
        int in = 4;
        int units = 3;
        float[] w = Reference.random(rnd, in * units);
        float[] b = Reference.random(rnd, units);
        DenseLayer layer = new DenseLayer("d", "TimeDistributed(Dense)", in, units, w, b, Activations.SIGMOID);
        float[][] x = {Reference.random(rnd, in), Reference.random(rnd, in), Reference.random(rnd, in)};
        float[][] y = new Harness(layer, 3).step(x, new float[0][][], null);
        for (int r = 0; r < 3; r++) {
            double[] z = dot(Reference.toDouble(x[r]), w, units, 0, units);
            for (int j = 0; j < units; j++) {
                z[j] = 1 / (1 + Math.exp(-(z[j] + b[j])));
            }
            assertClose(z, y[r], "row " + r);
        }
        assertEquals(in * units + units, layer.parameterCount());
        assertEquals("TimeDistributed(Dense)", layer.type());
        assertEquals(0, layer.stateVectors());
    }

    @Test
    void softmaxWithoutBiasIsTakenPerRow() {
        float[] w = {1, 0, 0, 0, 1, 0}; // (2, 3): picks x0, x1 and a zero
        DenseLayer layer = new DenseLayer("d", "Dense", 2, 3, w, null, Activations.SOFTMAX);
        float[][] y = new Harness(layer, 2).step(new float[][] {{1, 2}, {0, 0}}, new float[0][][], null);
        double s = Math.exp(1) + Math.exp(2) + 1;
        assertClose(new double[] {Math.exp(1) / s, Math.exp(2) / s, 1 / s}, y[0], "row 0");
        assertClose(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, y[1], "row 1");
        assertEquals(6, layer.parameterCount());
    }
}
