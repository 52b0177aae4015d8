package lstmjob.model.load;

import java.util.Arrays;
import lstmjob.model.layers.PReluLayer;

/**
 * Keras PReLU: its alpha has the shape of the layer's input without the batch axis, with each of
 * {@code shared_axes} shrunk to 1. One timestep at a time, alpha must be shared over time ({@code
 * shared_axes=[1]}); it may be per feature or shared over the features too.
 */
final class PReluReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        Shape input = k.input();
        int n = input.size();
        int[] found = k.weights().size() == 1 ? k.weights().get(0).shape() : null;
        if (found != null && input.rank() == 3 && found.length == 2 && found[0] != 1) {
            throw new LayerRefusal("its alpha " + k.weights().get(0).shapeString() + " differs per timestep of a "
                    + "fixed-length window; only an alpha shared over time (shared_axes=[1]) can be served one "
                    + "timestep at a time");
        }
        // Shared over the features too (shared_axes including the last axis), alpha has one value.
        boolean shared = found != null && found.length == input.rank() - 1 && found[found.length - 1] == 1 && n != 1;
        float[] alpha = k.take(new WeightCheck().expect("alpha", alphaShape(input, shared ? 1 : n)))[0];
        float[] perFeature = shared ? filled(n, alpha[0]) : alpha;
        return LayerRead.sameShape(new PReluLayer(k.name(), k.className(), n, perFeature, alpha.length), input);
    }

    /** (1, features) after the time axis, (features) without it. */
    private static int[] alphaShape(Shape input, int features) {
        return input.rank() == 3 ? new int[] {1, features} : new int[] {features};
    }

    private static float[] filled(int n, float value) {
        float[] out = new float[n];
        Arrays.fill(out, value);
        return out;
    }
}
