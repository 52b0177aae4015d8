package lstmjob.model.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Screens a layer's weights for NaN and infinite values, which make its predictions NaN: such a weight is refused,
 * naming it, how many of its values are not finite and where the first is; or, when the loading options allow it,
 * noted, so that the model is served with a warning.
 */
final class NonFiniteWeights {

    private final boolean allowed;
    private final List<String> found = new ArrayList<>();

    NonFiniteWeights(boolean allowed) {
        this.allowed = allowed;
    }

    /** What was found in the weights screened (only when allowed; otherwise the first is refused). */
    List<String> found() {
        return List.copyOf(found);
    }

    /**
     * @param role the weight's Keras role, e.g. {@code kernel}
     * @throws LayerRefusal when {@code t} holds a value that is not finite and that is not allowed
     */
    void screen(String role, Tensor t) {
        float[] data = t.data();
        int first = -1;
        int nan = 0;
        int infinite = 0;
        for (int i = 0; i < data.length; i++) {
            if (Float.isNaN(data[i])) {
                nan++;
            } else if (Float.isInfinite(data[i])) {
                infinite++;
            } else {
                continue;
            }
            if (first < 0) {
                first = i;
            }
        }
        if (first < 0) {
            return;
        }
        String what = "weight '" + role + "'" + WeightCheck.stored(t) + " holds " + (nan + infinite) + " of "
                + data.length + " values that are not finite (" + nan + " NaN, " + infinite + " infinite), the "
                + "first at index " + index(t.shape(), first) + " (" + data[first] + ")";
        if (!allowed) {
            throw new LayerRefusal(
                    what + ": its predictions would be NaN (--allow-non-finite-weights serves it " + "anyway)");
        }
        found.add(what);
    }

    /** The coordinates of the {@code flat}-th value of a row-major array of {@code shape}, e.g. {@code (2, 5)}. */
    private static String index(int[] shape, int flat) {
        int[] at = new int[shape.length];
        int rest = flat;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            at[axis] = shape[axis] == 0 ? 0 : rest % shape[axis];
            rest = shape[axis] == 0 ? rest : rest / shape[axis];
        }
        return WeightCheck.shape(at);
    }
}
