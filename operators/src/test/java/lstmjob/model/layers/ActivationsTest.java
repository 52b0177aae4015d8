package lstmjob.model.layers;

import static lstmjob.model.layers.ActivationProbe.apply;
import static lstmjob.model.layers.ActivationProbe.assertNear;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** The activation functions' values; reading them from a config is {@code KerasActivationsTest}'s. */
class ActivationsTest {

    /**
     * The fast tanh and sigmoid (the ones on every recurrent step) within 1e-6 of the exact functions over a
     * dense grid of [-50, 50], and at the extremes of float32.
     */
    @Test
    void fastTanhAndSigmoidStayWithin1e6OfTheExactFunctions() {
        int n = 2_000_001;
        float[] x = new float[n + 14];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-50 + i * 5e-5); // step 5e-5: every region of the approximation, both clamps
        }
        float[] extremes = {
            0f,
            -0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            1e-30f,
            -1e-30f,
            7.9053f,
            -7.9053f,
            1e3f,
            -1e3f,
            1e30f,
            -1e30f,
            Float.MAX_VALUE,
            -Float.MAX_VALUE
        };
        System.arraycopy(extremes, 0, x, n, extremes.length);
        float[] t = x.clone();
        float[] s = x.clone();
        Activations.TANH.apply(t, 0, t.length);
        Activations.SIGMOID.apply(s, 0, s.length);
        double worstT = 0;
        double worstS = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            double dt = Math.abs(t[i] - Math.tanh(v));
            double ds = Math.abs(s[i] - 1 / (1 + Math.exp(-v)));
            if (!(dt <= 1e-6 && ds <= 1e-6)) {
                fail("at " + v + ": tanh " + t[i] + " (exact " + Math.tanh(v) + "), sigmoid " + s[i] + " (exact "
                        + 1 / (1 + Math.exp(-v)) + ")");
            }
            worstT = Math.max(worstT, dt);
            worstS = Math.max(worstS, ds);
        }
        // 0 maps exactly
        assertEquals(0f, t[n], "tanh(0)");
        assertEquals(0.5f, s[n], "sigmoid(0)");
        assertTrue(worstT < 4e-7 && worstS < 3e-7, "worst errors " + worstT + ", " + worstS);
    }

    @Test
    void geluApproximateIsTheTanhForm() {
        assertNear(0.8411919906082768, apply(Activations.GELU_TANH, 1), "gelu tanh");
    }

    @Test
    void erfIsAccurateToFloat32() {
        assertEquals(0.5204998778130465, Activations.erf(0.5), 2e-7);
        assertEquals(0.8427007929497149, Activations.erf(1), 2e-7);
        assertEquals(-0.9953222650189527, Activations.erf(-2), 2e-7);
        assertEquals(0.0, Activations.erf(0), 2e-7);
    }

    @Test
    void reluOptionsFollowKeras() {
        Activation capped = Activations.relu(2, 0, 0);
        assertNear(2, apply(capped, 5), "max_value");
        assertNear(0, apply(capped, -5), "max_value");
        Activation leaky = Activations.relu(Double.NaN, 0.1, 0);
        assertNear(-0.5, apply(leaky, -5), "negative_slope");
        Activation thresholded = Activations.relu(Double.NaN, 0, 1);
        assertNear(0, apply(thresholded, 0.5), "threshold");
        assertNear(1.5, apply(thresholded, 1.5), "threshold");
        Activation all = Activations.relu(3, 0.5, 1);
        assertNear(-1, apply(all, -1), "slope·(x − threshold)");
        assertNear(3, apply(all, 4), "capped");
    }

    @Test
    void softmaxAndLogSoftmaxTakeTheRangeAsOneVector() {
        float[] v = {7, 1, 2, 3, 7};
        Activations.SOFTMAX.apply(v, 1, 4);
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertNear(Math.exp(1) / s, v[1], "softmax");
        assertNear(Math.exp(3) / s, v[3], "softmax");
        assertEquals(7f, v[0]);
        assertEquals(7f, v[4]);
        float[] big = {1000, 1001};
        Activations.SOFTMAX.apply(big, 0, 2);
        assertNear(1 / (1 + Math.E), big[0], "no overflow");
        float[] l = {1, 2, 3};
        Activations.LOG_SOFTMAX.apply(l, 0, 3);
        assertNear(3 - Math.log(s), l[2], "log_softmax");
    }
}
