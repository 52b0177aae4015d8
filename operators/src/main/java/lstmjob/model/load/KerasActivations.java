package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import lstmjob.model.layers.Activation;
import lstmjob.model.layers.Activations;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Reads an activation as a Keras or TF.js layer config writes it into the function that computes it, with the
 * definitions of the Keras generation that wrote the file.
 */
public final class KerasActivations {

    private KerasActivations() {}

    /**
     * An activation as a layer config writes it: a name ({@code "relu"}, TF.js {@code "hardSigmoid"}), or a
     * Keras 3 object ({@code {"class_name":"function","config":"relu"}}, or an activation layer such as
     * {@code {"class_name":"LeakyReLU","config":{...}}}). Null or missing means linear.
     *
     * @throws IllegalArgumentException naming the activation when it is not known
     */
    public static Activation of(JsonNode spec, Flavor flavor) {
        if (spec == null || spec.isNull() || spec.isMissingNode()) {
            return Activations.LINEAR;
        }
        if (spec.isTextual()) {
            return named(spec.asText(), flavor);
        }
        if (spec.isObject()) {
            JsonNode config = spec.path("config");
            String className = spec.path("class_name").asText("");
            if (config.isTextual()) {
                return named(config.asText(), flavor);
            }
            Activation layer = ofLayer(className, config, flavor);
            if (layer != null) {
                return layer;
            }
            if (!className.isEmpty() && (config.isMissingNode() || config.isNull() || config.isEmpty())) {
                return named(className, flavor);
            }
            throw new IllegalArgumentException("unknown activation " + spec);
        }
        throw new IllegalArgumentException("unknown activation " + spec);
    }

    /**
     * The activation computed by an activation layer ({@code Activation}, {@code ReLU}, {@code LeakyReLU},
     * {@code ELU}, {@code Softmax}, {@code ThresholdedReLU}) with its config, or null when
     * {@code className} is not one of them.
     */
    public static Activation ofLayer(String className, JsonNode config, Flavor flavor) {
        switch (className) {
            case "Activation":
                return of(config.get("activation"), flavor);
            case "ReLU":
                return Activations.relu(
                        number(config, "max_value", Double.NaN),
                        number(config, "negative_slope", 0),
                        number(config, "threshold", 0));
            case "LeakyReLU":
                // Keras 2 and TF.js call the slope alpha, Keras 3 negative_slope; both default to 0.3.
                return Activations.leakyRelu(number(config, "negative_slope", number(config, "alpha", 0.3)));
            case "ELU":
                return Activations.elu(number(config, "alpha", 1.0));
            case "ThresholdedReLU":
                return Activations.relu(Double.NaN, 0, number(config, "theta", 1.0));
            case "Softmax":
                return Activations.SOFTMAX;
            default:
                return null;
        }
    }

    /** An activation by its Keras (or TF.js camelCase) name. */
    public static Activation named(String rawName, Flavor flavor) {
        String name = snakeCase(rawName);
        switch (name) {
            case "linear":
            case "none":
                return Activations.LINEAR;
            case "tanh":
                return Activations.TANH;
            case "sigmoid":
                return Activations.SIGMOID;
            case "hard_sigmoid":
                return flavor == Flavor.KERAS3 ? Activations.HARD_SIGMOID_KERAS3 : Activations.HARD_SIGMOID_KERAS2;
            case "hard_silu":
            case "hard_swish":
                return Activations.HARD_SILU;
            case "relu":
                return Activations.RELU;
            case "relu6":
                return Activations.RELU6;
            case "leaky_relu":
                return Activations.leakyRelu(0.2); // the Keras 3 function's default slope
            case "elu":
                return Activations.elu(1.0);
            case "selu":
                return Activations.SELU;
            case "softplus":
                return Activations.SOFTPLUS;
            case "softsign":
                return Activations.SOFTSIGN;
            case "swish":
            case "silu":
                return Activations.SILU;
            case "gelu":
                return Activations.GELU_EXACT;
            case "gelu_new": // TF.js's name for the tanh approximation
                return Activations.GELU_TANH;
            case "exponential":
                return Activations.EXPONENTIAL;
            case "mish":
                return Activations.MISH;
            case "softmax":
                return Activations.SOFTMAX;
            case "log_softmax":
                return Activations.LOG_SOFTMAX;
            default:
                throw new IllegalArgumentException("unknown activation '" + rawName + "'");
        }
    }

    /** {@code hardSigmoid} → {@code hard_sigmoid}; snake_case names are unchanged. */
    static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && name.charAt(i - 1) != '_' && !Character.isUpperCase(name.charAt(i - 1))) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static double number(JsonNode config, String key, double dflt) {
        JsonNode n = config == null ? null : config.get(key);
        return n == null || n.isNull() ? dflt : n.asDouble();
    }
}
