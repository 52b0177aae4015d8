package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** A layer that computes y = x·scale + shift on each feature, the scale and shift fixed at build time. */
abstract class PerFeatureAffineLayer extends Layer {

    private final float[] scale;
    private final float[] shift;

    /** @param scale and {@code shift}: one value per feature, not copied (the subclass hands over its own) */
    PerFeatureAffineLayer(String name, String type, int size, long parameterCount, float[] scale, float[] shift) {
        super(name, type, size, size, parameterCount);
        this.scale = scale;
        this.shift = shift;
    }

    @Override
    public final void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
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
