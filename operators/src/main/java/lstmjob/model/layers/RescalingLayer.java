package lstmjob.model.layers;

/** Keras Rescaling: y = x·scale + offset on each feature (a scalar scale or offset is given per feature). */
public final class RescalingLayer extends PerFeatureAffineLayer {

    /** @param scale and {@code offset}: one value per feature */
    public RescalingLayer(String name, String type, int size, float[] scale, float[] offset) {
        super(name, type, size, 0, scale.clone(), offset.clone());
    }
}
