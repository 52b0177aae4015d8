package lstmjob.model.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weights a layer's config implies (Keras role name and shape, in {@code layer.weights} order), checked
 * against what the file holds; any difference is a {@link LayerRefusal} naming the weight and both shapes.
 */
final class WeightCheck {

    private final List<String> names = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();

    WeightCheck expect(String name, int... shape) {
        names.add(name);
        shapes.add(shape);
        return this;
    }

    /** Expects the weight only when the config says the layer has it (e.g. a bias with use_bias). */
    WeightCheck expectIf(boolean present, String name, int... shape) {
        return present ? expect(name, shape) : this;
    }

    /**
     * The data of each expected weight, in the order they were expected, each screened by {@code nonFinite}: the
     * one place where a layer's weights are taken.
     */
    float[][] take(List<Tensor> found, NonFiniteWeights nonFinite) {
        int n = Math.min(found.size(), names.size());
        float[][] out = new float[names.size()][];
        for (int i = 0; i < n; i++) {
            Tensor t = found.get(i);
            if (!Arrays.equals(t.shape(), shapes.get(i))) {
                throw new LayerRefusal("weight '" + names.get(i) + "'" + stored(t) + " has shape " + t.shapeString()
                        + ", expected " + shape(shapes.get(i)));
            }
            long size = 1;
            for (int d : t.shape()) {
                size *= d;
            }
            if (t.data().length != size) {
                throw new LayerRefusal("weight '" + names.get(i) + "' has " + t.data().length + " values for its shape "
                        + t.shapeString());
            }
            nonFinite.screen(names.get(i), t);
            out[i] = t.data();
        }
        if (found.size() < names.size()) {
            String name = names.get(found.size());
            throw new LayerRefusal("missing weight '" + name + "' (expected shape " + shape(shapes.get(found.size()))
                    + "); the file has " + found.size() + " weights for this layer, expected " + names.size()
                    + " (" + String.join(", ", names) + ")");
        }
        if (found.size() > names.size()) {
            Tensor extra = found.get(names.size());
            throw new LayerRefusal("unexpected extra weight" + stored(extra) + " of shape " + extra.shapeString()
                    + "; the file has " + found.size() + " weights for this layer, its config implies "
                    + names.size() + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")"));
        }
        return out;
    }

    static String shape(int[] shape) {
        return new Tensor("", shape, new float[0]).shapeString();
    }

    static String stored(Tensor t) {
        return t.name() == null || t.name().isEmpty() ? "" : " ('" + t.name() + "' in the file)";
    }
}
