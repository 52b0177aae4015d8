package lstmjob.model.load;

import lstmjob.model.layers.DenseLayer;

/**
 * Keras Conv1D with kernel size 1 and stride 1 (any padding and dilation): it reads only the current timestep,
 * so it is a Dense over the features whose kernel is the (1, in, filters) convolution kernel.
 * {@link CausalConv1DReader} hands it the convolutions of kernel size 1.
 */
final class PointwiseConv1DReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        if (!k.config().text("data_format", "channels_last").equals("channels_last")) {
            throw new LayerRefusal("data_format '" + k.config().text("data_format", "") + "' is not supported "
                    + "(only channels_last)");
        }
        if (k.config().get("groups") != null && k.config().get("groups").asInt(1) != 1) {
            throw new LayerRefusal(
                    "grouped convolutions (groups " + k.config().get("groups") + ") are not " + "supported");
        }
        int filters = k.config().positiveInt("filters");
        boolean useBias = k.config().bool("use_bias", true);
        int in = k.input().size();
        float[][] w = k.take(new WeightCheck().expect("kernel", 1, in, filters).expectIf(useBias, "bias", filters));
        DenseLayer dense = new DenseLayer(
                k.name(),
                k.className(),
                in,
                filters,
                w[0],
                useBias ? w[1] : null,
                k.activation("activation", "linear"),
                k.kernel());
        return LayerRead.of(dense, k.input().withSize(filters));
    }
}
