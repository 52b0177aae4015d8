package lstmjob.model.load;

import lstmjob.model.layers.RescalingLayer;

/** Keras Rescaling: scale and offset from the config (no weights), into a {@link RescalingLayer}. */
final class RescalingReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        k.requireNoWeights();
        int n = k.input().size();
        float[] scale = k.config().perFeature("scale", 1.0, n);
        float[] offset = k.config().perFeature("offset", 0.0, n);
        return LayerRead.sameShape(new RescalingLayer(k.name(), k.className(), n, scale, offset), k.input());
    }
}
