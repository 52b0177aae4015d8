package lstmjob.model.load;

import lstmjob.model.layers.Activation;
import lstmjob.model.layers.ActivationLayer;

/**
 * The weightless activation layers (Activation, ReLU, LeakyReLU, ELU, ThresholdedReLU, Softmax) into an
 * {@link ActivationLayer} with the function their config describes.
 */
final class ActivationLayerReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        Activation activation;
        try {
            activation = KerasActivations.ofLayer(k.className(), k.config().node(), k.flavor());
        } catch (IllegalArgumentException e) {
            throw new LayerRefusal(e.getMessage());
        }
        if (activation == null) {
            throw new LayerRefusal("unsupported layer type");
        }
        if (k.className().equals("Softmax")) {
            k.requireLastAxis("axis");
        }
        k.requireNoWeights();
        return LayerRead.sameShape(
                new ActivationLayer(k.name(), k.className(), k.input().size(), activation), k.input());
    }
}
