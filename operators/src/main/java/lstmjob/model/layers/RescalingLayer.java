package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** Keras Rescaling: y = x·scale + offset on each feature (a scalar scale or offset is given per feature). */
public final class RescalingLayer extends Layer {

    private final float[] scale;
    private final float[] offset;

    /** @param scale and {@code offset}: one value per feature */
    public RescalingLayer(String name, String type, int size, float[] scale, float[] offset) {
        super(name, type, size, size, 0);
        this.scale = scale.clone();
        this.offset = offset.clone();
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int size = outputSize();
        float[] x = in.data;
        float[] y = out.data;
        for (int r = 0; r < in.numRows; r++) {
            int base = r * size;
            for (int j = 0; j < size; j++) {
                y[base + j] = x[base + j] * scale[j] + offset[j];
            }
        }
    }
}
