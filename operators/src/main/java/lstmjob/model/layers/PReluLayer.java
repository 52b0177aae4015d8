package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** Keras PReLU: y = x for x ≥ 0, alpha·x below, with a learned alpha per feature. */
public final class PReluLayer extends Layer {

    private final float[] alpha;

    /**
     * @param alpha           one value per feature (an alpha shared over the features is repeated)
     * @param parameterCount  the alpha values the file holds
     */
    public PReluLayer(String name, String type, int size, float[] alpha, long parameterCount) {
        super(name, type, size, size, parameterCount);
        this.alpha = alpha.clone();
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int size = outputSize();
        float[] x = in.data;
        float[] y = out.data;
        for (int r = 0; r < in.numRows; r++) {
            int base = r * size;
            for (int j = 0; j < size; j++) {
                float v = x[base + j];
                // Keras computes relu(x) - alpha·relu(-x): the same values, NaN passing through as NaN.
                y[base + j] = v < 0f ? alpha[j] * v : v;
            }
        }
    }
}
