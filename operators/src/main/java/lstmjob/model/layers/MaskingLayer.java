package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * Keras Masking: a row whose features all equal {@code mask_value} (compared in float32, as Keras does) is
 * masked for the following layers and output as zeros; other rows pass through unchanged.
 */
public final class MaskingLayer extends Layer {

    private final float maskValue;

    public MaskingLayer(String name, String type, int size, double maskValue) {
        super(name, type, size, size, 0);
        this.maskValue = (float) maskValue;
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int size = outputSize();
        float[] x = in.data;
        float[] y = out.data;
        for (int r = 0; r < in.numRows; r++) {
            int base = r * size;
            boolean masked = true;
            for (int j = 0; j < size && masked; j++) {
                masked = x[base + j] == maskValue;
            }
            mask.set(r, masked);
            if (masked) {
                java.util.Arrays.fill(y, base, base + size, 0f);
            } else {
                System.arraycopy(x, base, y, base, size);
            }
        }
    }
}
