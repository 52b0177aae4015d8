package lstmjob.model.load;

import static lstmjob.model.layers.ActivationProbe.apply;
import static lstmjob.model.layers.ActivationProbe.assertNear;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lstmjob.model.layers.Activation;
import lstmjob.model.load.ModelDescription.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Activations as Keras and TF.js configs write them, read into the functions with each generation's definitions. */
class KerasActivationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Values of the Keras definitions (closed forms evaluated independently). */
    @ParameterizedTest(name = "{0}({1}) = {2}")
    @CsvSource({
        "linear, -2.5, -2.5",
        "tanh, 0.5, 0.46211715726000974",
        "sigmoid, -1, 0.2689414213699951",
        "relu, -3, 0",
        "relu, 2.5, 2.5",
        "relu6, 7, 6",
        "relu6, -1, 0",
        "relu6, 3, 3",
        "leaky_relu, -1, -0.2",
        "elu, -1, -0.6321205588285577",
        "elu, 2, 2",
        "selu, 1, 1.0507009873554805",
        "selu, -1, -1.1113307378125625",
        "softplus, 0, 0.6931471805599453",
        "softplus, 100, 100",
        "softplus, -30, 9.357622968839737e-14",
        "softsign, 1, 0.5",
        "softsign, -3, -0.75",
        "swish, 1, 0.7310585786300049",
        "silu, -2, -0.2384058440442351",
        "gelu, 1, 0.8413447460685429",
        "gelu, -0.5, -0.15426876936299344",
        "gelu, 3, 2.99595030590511",
        "exponential, 1, 2.718281828459045",
        "mish, 1, 0.8650983882673103",
        "hard_silu, 1, 0.6666666666666666",
        "hard_swish, -4, 0",
        "hardSigmoid, 1, 0.7",
    })
    void knownValues(String name, double x, double want) {
        assertNear(want, apply(KerasActivations.named(name, Flavor.TF_KERAS2), x), name);
    }

    @Test
    void hardSigmoidDependsOnTheKerasGeneration() {
        for (Flavor f : new Flavor[] {Flavor.KERAS2, Flavor.TF_KERAS2, Flavor.TFJS}) {
            Activation a = KerasActivations.named("hard_sigmoid", f);
            assertNear(0.7, apply(a, 1), f + " clip(0.2x+0.5)");
            assertNear(1.0, apply(a, 2.5), f.name());
            assertNear(0.0, apply(a, -2.5), f.name());
        }
        Activation k3 = KerasActivations.named("hard_sigmoid", Flavor.KERAS3);
        assertNear(4 / 6.0, apply(k3, 1), "Keras 3 relu6(x+3)/6");
        assertNear(5.5 / 6, apply(k3, 2.5), "Keras 3");
        assertNear(0.5 / 6, apply(k3, -2.5), "Keras 3");
        assertNear(1.0, apply(k3, 3), "Keras 3");
    }

    @Test
    void geluApproximateIsTheTanhForm() {
        assertNear(0.8411919906082768, apply(KerasActivations.named("gelu_new", Flavor.TFJS), 1), "gelu tanh");
    }

    @Test
    void readsKeras3AndLayerObjectForms() throws Exception {
        JsonNode fn = JSON.readTree("{\"module\":\"keras.activations\",\"class_name\":\"function\",\"config\":\"relu\","
                + "\"registered_name\":\"function\"}");
        assertNear(0, apply(KerasActivations.of(fn, Flavor.KERAS3), -1), "function object");
        JsonNode leaky = JSON.readTree("{\"class_name\":\"LeakyReLU\",\"config\":{\"negative_slope\":0.1}}");
        assertNear(-0.2, apply(KerasActivations.of(leaky, Flavor.KERAS3), -2), "LeakyReLU object");
        JsonNode oldLeaky = JSON.readTree("{\"class_name\":\"LeakyReLU\",\"config\":{\"alpha\":0.25}}");
        assertNear(-0.5, apply(KerasActivations.of(oldLeaky, Flavor.KERAS2), -2), "LeakyReLU alpha");
        assertNear(
                -0.6,
                apply(KerasActivations.ofLayer("LeakyReLU", JSON.readTree("{}"), Flavor.TFJS), -2),
                "LeakyReLU default 0.3");
        assertNear(-3, apply(KerasActivations.of(null, Flavor.KERAS3), -3), "null is linear");
        assertNear(-3, apply(KerasActivations.of(JSON.readTree("null"), Flavor.KERAS3), -3), "null is linear");
        assertEquals(null, KerasActivations.ofLayer("Dense", JSON.readTree("{}"), Flavor.KERAS3));
    }

    @Test
    void unknownNamesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> KerasActivations.named("my_custom_act", Flavor.KERAS3));
        assertTrue(e.getMessage().contains("my_custom_act"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> KerasActivations.of(
                        JSON.readTree("{\"class_name\":\"function\",\"config\":\"nope\"}"), Flavor.KERAS3));
    }
}
