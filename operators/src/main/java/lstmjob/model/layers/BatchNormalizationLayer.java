package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * Keras BatchNormalization at inference over the last axis: y = (x − moving_mean) / sqrt(moving_variance + ε)
 * · γ + β, folded at build time into y = x·scale + shift as TensorFlow computes it.
 */
public final class BatchNormalizationLayer extends Layer {

    private final float[] scale;
    private final float[] shift;

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
        super(name, type, size, size, (long) size * (2 + (gamma == null ? 0 : 1) + (beta == null ? 0 : 1)));
        this.scale = new float[size];
        this.shift = new float[size];
        for (int j = 0; j < size; j++) {
            float inv = (float) (1.0 / Math.sqrt(movingVariance[j] + (float) epsilon));
            if (gamma != null) {
                inv *= gamma[j];
            }
            scale[j] = inv;
            shift[j] = (beta == null ? 0f : beta[j]) - movingMean[j] * inv;
        }
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int size = outputSize();
        float[] x = in.data;
        float[] y = out.data;
        for (int r = 0; r < in.numRows; r++) {
            int base = r * size;
            for (int j = 0; j < size; j++) {
                y[base + j] = x[base + j] * scale[j] + shift[j];
            }
        }
    }
}
