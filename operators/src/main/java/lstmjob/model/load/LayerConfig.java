package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of a layer's config (snake_case keys); a value of the wrong kind is a {@link LayerRefusal}. */
final class LayerConfig {

    private final JsonNode node;

    LayerConfig(JsonNode node) {
        this.node = node == null ? MissingNode.getInstance() : node;
    }

    JsonNode node() {
        return node;
    }

    /** The value, or null when the key is absent or null. */
    JsonNode get(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    int positiveInt(String key) {
        JsonNode v = get(key);
        if (v == null) {
            throw new LayerRefusal("the config has no '" + key + "'");
        }
        double d = v.asDouble();
        if (!v.isNumber() || d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
            throw new LayerRefusal("'" + key + "' must be a positive integer, found " + v);
        }
        return v.asInt();
    }

    boolean bool(String key, boolean dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new LayerRefusal("'" + key + "' must be true or false, found " + v);
        }
        return v.asBoolean();
    }

    double number(String key, double dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new LayerRefusal("'" + key + "' must be a number, found " + v);
        }
        return v.asDouble();
    }

    /**
     * A value given per feature or once for all: a number, or a (possibly nested) list of one or {@code size}
     * numbers, or Keras 3's serialized array ({@code {"config": {"value": ...}}}); {@code dflt} for every feature
     * when absent.
     */
    float[] perFeature(String key, double dflt, int size) {
        JsonNode v = get(key);
        if (v != null && v.isObject() && v.path("config").has("value")) {
            v = v.path("config").get("value");
        }
        List<Double> values = new ArrayList<>();
        if (v == null) {
            values.add(dflt);
        } else if (!flatten(v, values)) {
            throw new LayerRefusal("'" + key + "' must be a number or a list of numbers, found " + v);
        }
        if (values.size() != 1 && values.size() != size) {
            throw new LayerRefusal(
                    "'" + key + "' has " + values.size() + " values; expected 1 or one per feature (" + size + ")");
        }
        float[] out = new float[size];
        for (int j = 0; j < size; j++) {
            out[j] = values.get(values.size() == 1 ? 0 : j).floatValue();
        }
        return out;
    }

    private static boolean flatten(JsonNode v, List<Double> out) {
        if (v.isNumber()) {
            out.add(v.asDouble());
            return true;
        }
        if (!v.isArray()) {
            return false;
        }
        for (JsonNode e : v) {
            if (!flatten(e, out)) {
                return false;
            }
        }
        return true;
    }

    String text(String key, String dflt) {
        JsonNode v = get(key);
        return v == null ? dflt : v.asText();
    }

    /**
     * The single axis of a normalization-like layer: Keras writes an int or a one-element list. Returns
     * {@code Integer.MIN_VALUE} when it names several axes.
     */
    int singleAxis(String key, int dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v.isArray()) {
            return v.size() == 1 && v.get(0).canConvertToInt() ? v.get(0).asInt() : Integer.MIN_VALUE;
        }
        if (!v.canConvertToInt()) {
            throw new LayerRefusal("'" + key + "' must be an axis, found " + v);
        }
        return v.asInt();
    }
}
