package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keras layers that cannot be computed one timestep at a time, and why: whole layer types (Flatten, pooling over
 * time, attention ...), convolutions reading later timesteps (any but a causal Conv1D of stride 1), and any layer
 * set to go backwards.
 */
final class UnservableLayers {

    private static final Set<String> WHOLE_WINDOW =
            Set.of("Flatten", "Reshape", "Permute", "Cropping1D", "ZeroPadding1D", "UpSampling1D");
    private static final Set<String> CONVOLUTIONS = Set.of(
            "Conv1D",
            "Convolution1D",
            "SeparableConv1D",
            "SeparableConvolution1D",
            "DepthwiseConv1D",
            "Conv1DTranspose",
            "LocallyConnected1D");
    private static final Set<String> POOLING = Set.of(
            "MaxPooling1D",
            "MaxPool1D",
            "AveragePooling1D",
            "AvgPool1D",
            "GlobalMaxPooling1D",
            "GlobalMaxPool1D",
            "GlobalAveragePooling1D",
            "GlobalAvgPool1D");
    /** Layers over 2-D or 3-D grids: on a sequence model, their grid spans several timesteps. */
    private static final Set<String> GRIDS = Set.of(
            "Conv2D",
            "Convolution2D",
            "Conv3D",
            "Convolution3D",
            "SeparableConv2D",
            "DepthwiseConv2D",
            "Conv2DTranspose",
            "Conv3DTranspose",
            "ConvLSTM1D",
            "ConvLSTM2D",
            "ConvLSTM3D",
            "MaxPooling2D",
            "MaxPool2D",
            "MaxPooling3D",
            "MaxPool3D",
            "AveragePooling2D",
            "AvgPool2D",
            "AveragePooling3D",
            "AvgPool3D",
            "GlobalMaxPooling2D",
            "GlobalMaxPool2D",
            "GlobalAveragePooling2D",
            "GlobalAvgPool2D",
            "GlobalMaxPooling3D",
            "GlobalAveragePooling3D",
            "Cropping2D",
            "Cropping3D",
            "ZeroPadding2D",
            "ZeroPadding3D",
            "UpSampling2D",
            "UpSampling3D");

    private static final Set<String> ATTENTION = Set.of(
            "Attention", "AdditiveAttention", "MultiHeadAttention", "GroupedQueryAttention", "GroupQueryAttention");

    private static final Map<String, String> REASONS = reasons();

    private UnservableLayers() {}

    /** Why {@code k} cannot be computed one timestep at a time, or null when nothing in it stops that. */
    static String whyBlocking(KerasLayer k) {
        return whyBlocking(k.className(), k.config());
    }

    /** As {@link #whyBlocking(KerasLayer)}, from the layer's class name and config alone. */
    static String whyBlocking(String className, LayerConfig config) {
        if (config.bool("go_backwards", false)) {
            return "go_backwards=true reads the sequence from its end, which does not exist yet when timesteps "
                    + "arrive one at a time";
        }
        if (CONVOLUTIONS.contains(className)) {
            return convolution(className, config);
        }
        return REASONS.get(className);
    }

    private static Map<String, String> reasons() {
        Map<String, String> reasons = new HashMap<>();
        refuse(
                reasons,
                WHOLE_WINDOW,
                "it needs the whole window of timesteps at once (the model was built for "
                        + "fixed-length windows), so the model cannot be served one timestep at a time");
        refuse(
                reasons,
                Set.of("Bidirectional"),
                "a bidirectional layer also reads the sequence backwards from its "
                        + "end, which does not exist yet when timesteps arrive one at a time");
        refuse(
                reasons,
                POOLING,
                "pooling over time needs the whole window of timesteps at once, so the model "
                        + "cannot be served one timestep at a time");
        refuse(
                reasons,
                GRIDS,
                "it works on a 2-D or 3-D grid that spans several timesteps at once, so the model "
                        + "cannot be served one timestep at a time");
        refuse(
                reasons,
                ATTENTION,
                "attention looks at the whole sequence at once, so the model cannot be served "
                        + "one timestep at a time");
        refuse(
                reasons,
                Set.of("RepeatVector"),
                "it turns one vector into a fixed-length sequence of timesteps, "
                        + "which cannot be served one timestep at a time");
        return Map.copyOf(reasons);
    }

    private static void refuse(Map<String, String> reasons, Set<String> classNames, String reason) {
        classNames.forEach(c -> reasons.put(c, reason));
    }

    /** Conv1D classes served with state when causal: they read the key's previous inputs, kept as its state. */
    private static final Set<String> CAUSAL_CONVOLUTIONS = Set.of("Conv1D", "Convolution1D");

    /**
     * Null for a pointwise convolution (kernel size 1, stride 1), which reads only the current timestep, and for a
     * causal Conv1D of stride 1, which reads only the current and earlier timesteps.
     */
    private static String convolution(String className, LayerConfig config) {
        int width = firstInt(config.get("kernel_size"), 0);
        int stride = firstInt(config.get("strides"), 1);
        String padding = config.text("padding", "valid");
        if (stride != 1) {
            return "strides " + stride + " skip timesteps, so the model cannot be served one timestep at a time";
        }
        if (width == 1 || (padding.equals("causal") && CAUSAL_CONVOLUTIONS.contains(className))) {
            return null;
        }
        return "a convolution over time reads " + (width > 1 ? Integer.toString(width) : "several")
                + " neighbouring timesteps at once"
                + (padding.equals("causal")
                        ? " (a causal " + className + " is not supported, only a causal Conv1D)"
                        : " and is non-causal (padding '" + padding + "' looks at later timesteps)")
                + "; it cannot be served one timestep at a time";
    }

    /** {@code 3} or {@code [3]}: the number, or {@code dflt} when absent. */
    private static int firstInt(JsonNode value, int dflt) {
        JsonNode n = value != null && value.isArray() && value.size() == 1 ? value.get(0) : value;
        return n != null && n.isIntegralNumber() ? n.asInt() : dflt;
    }
}
