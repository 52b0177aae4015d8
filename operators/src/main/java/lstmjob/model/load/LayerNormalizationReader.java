package lstmjob.model.load;

import lstmjob.model.layers.LayerNormalizationLayer;

/** Keras LayerNormalization over the features: γ and β (each optional), or Keras 3's rms_scaling. */
final class LayerNormalizationReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        k.requireLastAxis("axis");
        boolean rms = k.config().bool("rms_scaling", false);
        // Keras 3: with rms_scaling there is always a gamma and never a beta.
        boolean scale = rms || k.config().bool("scale", true);
        boolean center = !rms && k.config().bool("center", true);
        int n = k.input().size();
        float[][] w = k.take(new WeightCheck().expectIf(scale, "gamma", n).expectIf(center, "beta", n));
        return LayerRead.sameShape(
                new LayerNormalizationLayer(
                        k.name(),
                        k.className(),
                        n,
                        scale ? w[0] : null,
                        center ? w[scale ? 1 : 0] : null,
                        k.config().number("epsilon", 1e-3),
                        rms),
                k.input());
    }
}
