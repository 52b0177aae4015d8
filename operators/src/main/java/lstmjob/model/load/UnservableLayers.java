package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keras layer types that cannot be computed one timestep at a time, each with a reader that refuses it and says
 * why.
 */
final class UnservableLayers {

    private static final Set<String> WHOLE_WINDOW = Set.of("Flatten", "Reshape", "Permute", "Cropping1D",
            "ZeroPadding1D", "UpSampling1D");
    private static final Set<String> CONVOLUTIONS = Set.of("Conv1D", "Convolution1D", "SeparableConv1D",
            "SeparableConvolution1D", "DepthwiseConv1D", "Conv1DTranspose", "LocallyConnected1D");
    private static final Set<String> POOLING = Set.of("MaxPooling1D", "MaxPool1D", "AveragePooling1D",
            "AvgPool1D", "GlobalMaxPooling1D", "GlobalMaxPool1D", "GlobalAveragePooling1D", "GlobalAvgPool1D");
    private static final Set<String> ATTENTION = Set.of("Attention", "AdditiveAttention", "MultiHeadAttention",
            "GroupedQueryAttention", "GroupQueryAttention");

    private UnservableLayers() {
    }

    /** A refusing reader per Keras class name. */
    static Map<String, LayerReader> readers() {
        Map<String, LayerReader> readers = new HashMap<>();
        refuse(readers, WHOLE_WINDOW, "it needs the whole window of timesteps at once (the model was built for "
                + "fixed-length windows), so the model cannot be served one timestep at a time");
        refuse(readers, Set.of("Bidirectional"), "a bidirectional layer also reads the sequence backwards from its "
                + "end, which does not exist yet when timesteps arrive one at a time");
        CONVOLUTIONS.forEach(c -> readers.put(c, UnservableLayers::convolution));
        refuse(readers, POOLING, "pooling over time needs the whole window of timesteps at once, so the model "
                + "cannot be served one timestep at a time");
        refuse(readers, ATTENTION, "attention looks at the whole sequence at once, so the model cannot be served "
                + "one timestep at a time");
        refuse(readers, Set.of("RepeatVector"), "it turns one vector into a fixed-length sequence of timesteps, "
                + "which cannot be served one timestep at a time");
        return readers;
    }

    private static void refuse(Map<String, LayerReader> readers, Set<String> classNames, String reason) {
        classNames.forEach(c -> readers.put(c, k -> {
            throw new LayerRefusal(reason);
        }));
    }

    private static LayerRead convolution(KerasLayer k) {
        String padding = k.config().text("padding", "valid");
        JsonNode size = k.config().get("kernel_size");
        String width = size == null ? "several"
                : size.isArray() && size.size() == 1 ? size.get(0).asText() : size.asText();
        throw new LayerRefusal("a convolution over time reads " + width
                + " neighbouring timesteps at once" + (padding.equals("causal") ? ""
                : " and is non-causal (padding '" + padding + "' looks at later timesteps)")
                + "; it cannot be served one timestep at a time");
    }

    /** Refuses a layer that reads the sequence from its end; any layer type may be configured so. */
    static void requireForwards(LayerConfig c) {
        if (c.bool("go_backwards", false)) {
            throw new LayerRefusal("go_backwards=true reads the sequence from its end, which does not exist yet "
                    + "when timesteps arrive one at a time");
        }
    }
}
