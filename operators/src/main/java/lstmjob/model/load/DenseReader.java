package lstmjob.model.load;

import lstmjob.model.layers.DenseLayer;

/** Keras Dense (alone or inside TimeDistributed): kernel and bias, into a {@link DenseLayer}. */
final class DenseReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        return read(k, k.className());
    }

    /** @param type the type the layer reports, e.g. {@code TimeDistributed(Dense)} */
    static LayerRead read(KerasLayer k, String type) {
        int units = k.config().positiveInt("units");
        boolean useBias = k.config().bool("use_bias", true);
        int in = k.input().size();
        float[][] w = k.take(new WeightCheck().expect("kernel", in, units).expectIf(useBias, "bias", units));
        DenseLayer dense = new DenseLayer(
                k.name(),
                type,
                in,
                units,
                w[0],
                useBias ? w[1] : null,
                k.activation("activation", "linear"),
                k.kernel());
        return LayerRead.of(dense, k.input().withSize(units));
    }
}
