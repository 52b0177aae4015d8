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
        if (k.weights().size() != 1) {
            k.take(new WeightCheck().expect("alpha", alphaShape(input, n)));
        }
        Tensor alpha = k.weights().get(0);
        int[] shape = alpha.shape();
        boolean perTimestep = input.rank() == 3 && shape.length == 2 && shape[0] != 1;
        if (perTimestep) {
            throw new LayerRefusal("its alpha " + alpha.shapeString() + " differs per timestep of a fixed-length "
                    + "window; only an alpha shared over time (shared_axes=[1]) can be served one timestep at a time");
        }
        int[] expected = alphaShape(input, shape.length == input.rank() - 1 && shape[shape.length - 1] == 1 ? 1 : n);
        float[] values = k.take(new WeightCheck().expect("alpha", expected))[0];
        float[] perFeature = values.length == n ? values : filled(n, values[0]);
        return LayerRead.sameShape(new PReluLayer(k.name(), k.className(), n, perFeature, values.length), input);
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
