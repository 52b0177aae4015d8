package lstmjob.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lstmjob.model.load.ModelDescription.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActivationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static float apply(Activation a, double x) {
        float[] v = {99f, (float) x, 99f};
        a.apply(v, 1, 2);
        assertEquals(99f, v[0], "the range only");
        assertEquals(99f, v[2], "the range only");
        return v[1];
    }

    private static void assertNear(double want, float got, String what) {
        assertTrue(Math.abs(want - got) <= 1e-6 * Math.max(1, Math.abs(want)), what + ": " + got + ", expected " + want);
    }

    /** Values of the Keras definitions (closed forms evaluated independently). */
    @ParameterizedTest(name = "{0}({1}) = {2}")
    @CsvSource({
        "linear, -2.5, -2.5",
        "tanh, 0.5, 0.46211715726000974",
        "sigmoid, -1, 0.2689414213699951",
        "relu, -3, 0", "relu, 2.5, 2.5",
        "relu6, 7, 6", "relu6, -1, 0", "relu6, 3, 3",
        "leaky_relu, -1, -0.2",
        "elu, -1, -0.6321205588285577", "elu, 2, 2",
        "selu, 1, 1.0507009873554805", "selu, -1, -1.1113307378125625",
        "softplus, 0, 0.6931471805599453", "softplus, 100, 100", "softplus, -30, 9.357622968839737e-14",
        "softsign, 1, 0.5", "softsign, -3, -0.75",
        "swish, 1, 0.7310585786300049", "silu, -2, -0.2384058440442351",
        "gelu, 1, 0.8413447460685429", "gelu, -0.5, -0.15426876936299344", "gelu, 3, 2.99595030590511",
        "exponential, 1, 2.718281828459045",
        "mish, 1, 0.8650983882673103",
        "hard_silu, 1, 0.6666666666666666", "hard_swish, -4, 0",
        "hardSigmoid, 1, 0.7",
    })
    void knownValues(String name, double x, double want) {
        assertNear(want, apply(Activations.named(name, Flavor.TF_KERAS2), x), name);
    }

    @Test
    void hardSigmoidDependsOnTheKerasGeneration() {
        for (Flavor f : new Flavor[] {Flavor.KERAS2, Flavor.TF_KERAS2, Flavor.TFJS}) {
            Activation a = Activations.named("hard_sigmoid", f);
            assertNear(0.7, apply(a, 1), f + " clip(0.2x+0.5)");
            assertNear(1.0, apply(a, 2.5), f.name());
            assertNear(0.0, apply(a, -2.5), f.name());
        }
        Activation k3 = Activations.named("hard_sigmoid", Flavor.KERAS3);
        assertNear(4 / 6.0, apply(k3, 1), "Keras 3 relu6(x+3)/6");
        assertNear(5.5 / 6, apply(k3, 2.5), "Keras 3");
        assertNear(0.5 / 6, apply(k3, -2.5), "Keras 3");
        assertNear(1.0, apply(k3, 3), "Keras 3");
    }

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
        float[] extremes = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f, 7.9053f, -7.9053f, 1e3f,
            -1e3f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE};
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
        assertNear(0.8411919906082768, apply(Activations.named("gelu_new", Flavor.TFJS), 1), "gelu tanh");
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

    @Test
    void readsKeras3AndLayerObjectForms() throws Exception {
        JsonNode fn = JSON.readTree("{\"module\":\"keras.activations\",\"class_name\":\"function\",\"config\":\"relu\","
                + "\"registered_name\":\"function\"}");
        assertNear(0, apply(Activations.of(fn, Flavor.KERAS3), -1), "function object");
        JsonNode leaky = JSON.readTree("{\"class_name\":\"LeakyReLU\",\"config\":{\"negative_slope\":0.1}}");
        assertNear(-0.2, apply(Activations.of(leaky, Flavor.KERAS3), -2), "LeakyReLU object");
        JsonNode oldLeaky = JSON.readTree("{\"class_name\":\"LeakyReLU\",\"config\":{\"alpha\":0.25}}");
        assertNear(-0.5, apply(Activations.of(oldLeaky, Flavor.KERAS2), -2), "LeakyReLU alpha");
        assertNear(-0.6, apply(Activations.ofLayer("LeakyReLU", JSON.readTree("{}"), Flavor.TFJS), -2),
                "LeakyReLU default 0.3");
        assertNear(-3, apply(Activations.of(null, Flavor.KERAS3), -3), "null is linear");
        assertNear(-3, apply(Activations.of(JSON.readTree("null"), Flavor.KERAS3), -3), "null is linear");
        assertEquals(null, Activations.ofLayer("Dense", JSON.readTree("{}"), Flavor.KERAS3));
    }

    @Test
    void unknownNamesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.named("my_custom_act", Flavor.KERAS3));
        assertTrue(e.getMessage().contains("my_custom_act"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.of(
                JSON.readTree("{\"class_name\":\"function\",\"config\":\"nope\"}"), Flavor.KERAS3));
    }
}
