package lstmjob.model.layers;

/**
 * Keras BatchNormalization at inference over the last axis: y = (x − moving_mean) / sqrt(moving_variance + ε)
 * · γ + β, folded at build time into y = x·scale + shift as TensorFlow computes it.
 */
public final class BatchNormalizationLayer extends PerFeatureAffineLayer {

    /**
     * @param gamma γ, or null when {@code scale=false}
     * @param beta  β, or null when {@code center=false}
     */
    public BatchNormalizationLayer(
            String name,
            String type,
            int size,
            float[] gamma,
            float[] beta,
            float[] movingMean,
            float[] movingVariance,
            double epsilon) {
        this(name, type, size, gamma, beta, movingMean, scale(size, gamma, movingVariance, epsilon));
    }

    private BatchNormalizationLayer(
            String name, String type, int size, float[] gamma, float[] beta, float[] movingMean, float[] scale) {
        super(
                name,
                type,
                size,
                (long) size * (2 + (gamma == null ? 0 : 1) + (beta == null ? 0 : 1)),
                scale,
                shift(size, beta, movingMean, scale));
    }

    private static float[] scale(int size, float[] gamma, float[] movingVariance, double epsilon) {
        float[] scale = new float[size];
        for (int j = 0; j < size; j++) {
            float inv = (float) (1.0 / Math.sqrt(movingVariance[j] + (float) epsilon));
            scale[j] = gamma == null ? inv : inv * gamma[j];
        }
        return scale;
    }

    private static float[] shift(int size, float[] beta, float[] movingMean, float[] scale) {
        float[] shift = new float[size];
        for (int j = 0; j < size; j++) {
            shift[j] = (beta == null ? 0f : beta[j]) - movingMean[j] * scale[j];
        }
        return shift;
    }
}
