package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import lstmjob.model.layers.CausalConv1DLayer;

/**
 * Keras Conv1D: kernel size 1 as a Dense over the features ({@link PointwiseConv1DReader}); a wider kernel with
 * padding {@code causal} and stride 1, any dilation, as a {@link CausalConv1DLayer} that keeps the key's last
 * (kernel size - 1) · dilation inputs. {@link UnservableLayers} refuses every other convolution before it gets here.
 */
final class CausalConv1DReader implements LayerReader {

    private final LayerReader pointwise = new PointwiseConv1DReader();

    @Override
    public LayerRead read(KerasLayer k) {
        int width = single(k, "kernel_size", -1);
        if (width == 1) {
            return pointwise.read(k);
        }
        if (!k.config().text("data_format", "channels_last").equals("channels_last")) {
            throw new LayerRefusal("data_format '" + k.config().text("data_format", "") + "' is not supported "
                    + "(only channels_last)");
        }
        if (k.config().get("groups") != null && k.config().get("groups").asInt(1) != 1) {
            throw new LayerRefusal("grouped convolutions (groups " + k.config().get("groups") + ") are not supported");
        }
        if (!k.config().text("padding", "valid").equals("causal") || single(k, "strides", 1) != 1) {
            throw new LayerRefusal("only a causal convolution with stride 1 can be served one timestep at a time");
        }
        if (width < 2) {
            throw new LayerRefusal("'kernel_size' must be a positive integer, found "
                    + k.config().get("kernel_size"));
        }
        int dilation = single(k, "dilation_rate", 1);
        if (dilation < 1) {
            throw new LayerRefusal("'dilation_rate' must be a positive integer, found "
                    + k.config().get("dilation_rate"));
        }
        if (k.input().rank() != 3) {
            throw new LayerRefusal("it needs a sequence of timesteps, but its input has no time axis (the layer "
                    + "before it returns only its last output)");
        }
        if (k.input().mask()) {
            throw new LayerRefusal("a mask (from Masking or Embedding(mask_zero=True)) reaches it before any "
                    + "recurrent layer: Keras 2 refuses a masked convolution and Keras 3 ignores the mask, so "
                    + "what it should compute at a masked timestep is not defined");
        }
        int filters = k.config().positiveInt("filters");
        boolean useBias = k.config().bool("use_bias", true);
        int in = k.input().size();
        float[][] w =
                k.take(new WeightCheck().expect("kernel", width, in, filters).expectIf(useBias, "bias", filters));
        CausalConv1DLayer conv = new CausalConv1DLayer(
                k.name(),
                k.className(),
                in,
                filters,
                width,
                dilation,
                w[0],
                useBias ? w[1] : null,
                k.activation("activation", "linear"),
                k.kernel());
        return LayerRead.of(conv, k.input().withSize(filters).withMask(false));
    }

    /** {@code 3} or {@code [3]}: the number; {@code dflt} when absent; -1 for anything else. */
    private static int single(KerasLayer k, String key, int dflt) {
        JsonNode value = k.config().get(key);
        if (value == null) {
            return dflt;
        }
        JsonNode n = value.isArray() && value.size() == 1 ? value.get(0) : value;
        return n.isIntegralNumber() && n.canConvertToInt() ? n.asInt() : -1;
    }
}
