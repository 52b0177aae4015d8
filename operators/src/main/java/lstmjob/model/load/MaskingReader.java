package lstmjob.model.load;

import lstmjob.model.layers.MaskingLayer;

/** Keras Masking: its mask_value, no weights. */
final class MaskingReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        k.requireNoWeights();
        return LayerRead.sameShape(
                new MaskingLayer(
                        k.name(), k.className(), k.input().size(), k.config().number("mask_value", 0.0)),
                k.input().withMask(true));
    }
}
