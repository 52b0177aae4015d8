package lstmjob.model.load;

import java.util.Arrays;
import lstmjob.model.layers.NormalizationLayer;

/**
 * Keras Normalization (preprocessing) over the features. Its mean and variance are either in the config
 * ({@code mean}, {@code variance}: given when the layer was built) or, for a layer fitted with {@code adapt}, its
 * weights {@code mean}, {@code variance} and {@code count} (the count of samples seen, unused at inference), as
 * Keras 2, Keras 3 and the TF.js converter store them. {@code axis=None} normalizes with one mean and variance.
 */
final class NormalizationReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        int n = k.input().size();
        boolean wholeTensor = k.config().node().has("axis") && k.config().get("axis") == null;
        if (!wholeTensor) {
            k.requireLastAxis("axis");
        }
        boolean invert = k.config().bool("invert", false);
        float[] mean;
        float[] variance;
        long parameters = 0;
        if (k.config().has("mean") || k.config().has("variance")) {
            if (!k.config().has("mean") || !k.config().has("variance")) {
                throw new LayerRefusal("the config gives '" + (k.config().has("mean") ? "mean" : "variance")
                        + "' without '" + (k.config().has("mean") ? "variance" : "mean") + "'");
            }
            k.requireNoWeights();
            mean = k.config().perFeature("mean", 0, n);
            variance = k.config().perFeature("variance", 1, n);
        } else {
            int[] shape = wholeTensor ? new int[0] : new int[] {n};
            float[][] w = k.take(new WeightCheck()
                    .expect("mean", shape)
                    .expect("variance", shape)
                    .expect("count"));
            mean = broadcast(w[0], n);
            variance = broadcast(w[1], n);
            parameters = 2L * w[0].length + 1;
        }
        return LayerRead.sameShape(
                new NormalizationLayer(k.name(), k.className(), n, mean, variance, invert, parameters), k.input());
    }

    private static float[] broadcast(float[] values, int n) {
        if (values.length == n) {
            return values;
        }
        float[] out = new float[n];
        Arrays.fill(out, values[0]);
        return out;
    }
}
