package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static lstmjob.model.layers.Reference.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimpleRnnLayerTest {

    private static final int I = 2;
    private static final int H = 3;

    @Test
    void stepsLikeKeras() {
        Random rnd = new Random(3);
        float[] w = Reference.random(rnd, I * H);
        float[] u = Reference.random(rnd, H * H);
        float[] b = Reference.random(rnd, H);
        SimpleRnnLayer layer = new SimpleRnnLayer("rnn", "SimpleRNN", I, H, w, u, b, Activations.TANH, false);
        Harness harness = new Harness(layer, 2);
        float[][][] state = new float[1][2][H];
        double[][] h = new double[2][H];
        for (int t = 0; t < 5; t++) {
            float[][] x = {Reference.random(rnd, I), Reference.random(rnd, I)};
            boolean[] masked = {t == 3, false};
            float[][] y = harness.step(x, state, masked);
            for (int r = 0; r < 2; r++) {
                if (!masked[r]) {
                    // h' = tanh(x·W + h·U + b)
                    double[] xw = dot(Reference.toDouble(x[r]), w, H, 0, H);
                    double[] hu = dot(h[r], u, H, 0, H);
                    for (int j = 0; j < H; j++) {
                        h[r][j] = Math.tanh(xw[j] + hu[j] + b[j]);
                    }
                }
                assertClose(h[r], y[r], "step " + t + " row " + r);
                assertClose(h[r], state[0][r], "step " + t + " row " + r + " h");
            }
            assertFalse(harness.mask.any(), "return_sequences=false clears the mask");
        }
        assertEquals(I * H + H * H + H, layer.parameterCount());
        assertEquals(1, layer.stateVectors());
    }
}
