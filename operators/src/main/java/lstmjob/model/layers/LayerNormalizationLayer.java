package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * Keras LayerNormalization over the last axis: y = (x − mean) / sqrt(var + ε) · γ + β per row. With Keras 3's
 * {@code rms_scaling}, Keras computes y = x / sqrt(var + ε) · γ (the variance is still taken about the mean,
 * and there is no β); this follows Keras, not the RMSNorm paper.
 */
public final class LayerNormalizationLayer extends Layer {

    private final float[] gamma;
    private final float[] beta;
    private final float epsilon;
    private final boolean rmsScaling;

    /**
     * @param gamma γ, or null when {@code scale=false}
     * @param beta  β, or null when {@code center=false} or {@code rms_scaling}
     */
    public LayerNormalizationLayer(
            String name, String type, int size, float[] gamma, float[] beta, double epsilon, boolean rmsScaling) {
        super(name, type, size, size, (gamma == null ? 0L : size) + (beta == null ? 0L : size));
        this.gamma = gamma == null ? null : gamma.clone();
        this.beta = beta == null ? null : beta.clone();
        this.epsilon = (float) epsilon;
        this.rmsScaling = rmsScaling;
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int size = outputSize();
        float[] x = in.data;
        float[] y = out.data;
        for (int r = 0; r < in.numRows; r++) {
            int base = r * size;
            double sum = 0;
            for (int j = 0; j < size; j++) {
                sum += x[base + j];
            }
            double mean = sum / size;
            double sq = 0;
            for (int j = 0; j < size; j++) {
                double d = x[base + j] - mean;
                sq += d * d;
            }
            double inv = 1.0 / Math.sqrt(sq / size + epsilon);
            double center = rmsScaling ? 0 : mean;
            for (int j = 0; j < size; j++) {
                double v = (x[base + j] - center) * inv;
                if (gamma != null) {
                    v *= gamma[j];
                }
                if (beta != null) {
                    v += beta[j];
                }
                y[base + j] = (float) v;
            }
        }
    }
}
