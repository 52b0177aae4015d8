package lstmjob.model.load;

import lstmjob.model.layers.BatchNormalizationLayer;

/** Keras BatchNormalization over the features: γ, β (each optional), moving mean and variance. */
final class BatchNormalizationReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        k.requireLastAxis("axis");
        boolean scale = k.config().bool("scale", true);
        boolean center = k.config().bool("center", true);
        int n = k.input().size();
        float[][] w = k.take(new WeightCheck()
                .expectIf(scale, "gamma", n)
                .expectIf(center, "beta", n)
                .expect("moving_mean", n)
                .expect("moving_variance", n));
        int i = 0;
        float[] gamma = scale ? w[i++] : null;
        float[] beta = center ? w[i++] : null;
        return LayerRead.sameShape(
                new BatchNormalizationLayer(
                        k.name(),
                        k.className(),
                        n,
                        gamma,
                        beta,
                        w[i],
                        w[i + 1],
                        k.config().number("epsilon", 1e-3)),
                k.input());
    }
}
