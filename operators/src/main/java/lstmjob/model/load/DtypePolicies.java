package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The dtype or dtype policy a layer's config declares, and how computing it in float32, as this job does, differs
 * from Keras. Float policies other than float32 are served with a stated difference: this job's float32 results are
 * the more precise, but they are not Keras's. Integer dtypes on a layer that computes, and quantized policies, are
 * refused: float32 cannot reproduce them.
 */
final class DtypePolicies {

    private static final Set<String> FLOAT32 = Set.of("float32", "float");
    private static final Set<String> INTEGER =
            Set.of("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool");

    private DtypePolicies() {}

    /**
     * The dtype policy's name under the config's {@code dtype}, or null when it declares none: {@code "float32"}
     * (tf.keras 2.x, TF.js, Keras 3), {@code {"class_name": "DTypePolicy", "config": {"name": ...}}} (Keras 3) or
     * {@code {"class_name": "Policy", "config": {"name": ...}}} (tf.keras 2.x).
     */
    static String declared(LayerConfig config) {
        JsonNode dtype = config.get("dtype");
        if (dtype == null) {
            return null;
        }
        if (dtype.isTextual()) {
            return dtype.asText();
        }
        JsonNode name = dtype.path("config").path("name");
        if (!name.isTextual()) {
            throw new LayerRefusal("its dtype " + dtype + " is not one this job reads");
        }
        String className = dtype.path("class_name").asText("");
        if (className.startsWith("Quantized")) {
            throw quantized(name.asText());
        }
        return name.asText();
    }

    /** Whether Keras computes a layer of this dtype in integers. */
    static boolean integer(String name) {
        return name != null && INTEGER.contains(name);
    }

    /**
     * How this job's float32 results differ from Keras's for a layer of this float dtype policy, or null when they
     * do not (float32, none declared, or an integer dtype, whose refusal depends on whether the layer computes).
     *
     * @throws LayerRefusal for a quantized or unknown policy
     */
    static String difference(String name) {
        if (name == null || FLOAT32.contains(name) || integer(name)) {
            return null;
        }
        return switch (name) {
            case "float64", "double" ->
                "Keras computes in float64; this job computes in float32 (its weights "
                        + "rounded to float32), so results differ from Keras's by float32 rounding: about 1e-7 "
                        + "relative per operation, growing over long sequences";
            case "mixed_float16" -> reducedPrecision("float16 (weights kept in float32)", "5e-4");
            case "float16", "half" ->
                reducedPrecision("float16, weights too,", "5e-4")
                        + "; where Keras overflows float16 (beyond 65504) to infinity, this job does not";
            case "mixed_bfloat16" -> reducedPrecision("bfloat16 (weights kept in float32)", "4e-3");
            case "bfloat16" -> reducedPrecision("bfloat16, weights too,", "4e-3");
            default ->
                throw name.contains("_from_")
                        ? quantized(name)
                        : new LayerRefusal("its dtype '" + name + "' is not one this job knows");
        };
    }

    /** The refusal of a layer that computes and declares an integer dtype. */
    static LayerRefusal integerRefusal(String name) {
        return new LayerRefusal("it declares dtype " + name + ": Keras computes it in integers, truncating its "
                + "inputs and weights; this job computes in float32 only");
    }

    private static String reducedPrecision(String how, String rounding) {
        return "Keras computes in " + how + "; this job computes in float32, closer to the exact result, "
                + "but its results differ from Keras's by Keras's rounding, about " + rounding + " relative "
                + "per operation, more than the 1e-5 it otherwise holds to";
    }

    private static LayerRefusal quantized(String name) {
        return new LayerRefusal("its weights are quantized (dtype policy " + name + "); quantized layers are not "
                + "served: save the model before quantizing it");
    }
}
