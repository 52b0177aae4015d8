package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * Keras Normalization (the preprocessing layer) over the features: y = (x − mean) / max(√variance, ε), or with
 * {@code invert} y = mean + x · max(√variance, ε), ε = 1e-7 (Keras's backend epsilon), in float32 as Keras
 * computes it.
 */
public final class NormalizationLayer extends Layer {

    /** Keras's {@code backend.epsilon()}, the floor of the standard deviation. */
    private static final float EPSILON = 1e-7f;

    private final float[] mean;
    private final float[] deviation;
    private final boolean invert;

    /**
     * @param mean           one value per feature
     * @param variance       one value per feature
     * @param parameterCount the values the file holds as weights (0 when the config gives mean and variance)
     */
    public NormalizationLayer(
            String name, String type, int size, float[] mean, float[] variance, boolean invert, long parameterCount) {
        super(name, type, size, size, parameterCount);
        this.mean = mean.clone();
        this.deviation = new float[size];
        for (int j = 0; j < size; j++) {
            // A float's square root rounded once from double is the float square root.
            deviation[j] = Math.max((float) Math.sqrt(variance[j]), EPSILON);
        }
        this.invert = invert;
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int size = outputSize();
        float[] x = in.data;
        float[] y = out.data;
        for (int r = 0; r < in.numRows; r++) {
            int base = r * size;
            for (int j = 0; j < size; j++) {
                y[base + j] = invert ? mean[j] + x[base + j] * deviation[j] : (x[base + j] - mean[j]) / deviation[j];
            }
        }
    }
}
