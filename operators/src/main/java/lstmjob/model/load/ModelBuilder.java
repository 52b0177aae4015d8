package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.layers.Activation;
import lstmjob.model.layers.ActivationLayer;
import lstmjob.model.layers.Activations;
import lstmjob.model.layers.BatchNormalizationLayer;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.GruLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.LayerNormalizationLayer;
import lstmjob.model.layers.LstmLayer;
import lstmjob.model.layers.MaskingLayer;
import lstmjob.model.layers.SimpleRnnLayer;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Turns a {@link ModelDescription} into a servable {@link Model}: reads each layer's config, checks its weights
 * against the config and the previous layer's output size, fills in the defaults of the Keras generation that
 * wrote the file, and refuses, with one message naming the layer and the reason, anything that cannot be
 * computed one timestep at a time. All or nothing: either every layer builds or nothing is returned.
 */
public final class ModelBuilder {

    /** Layers that are the identity at inference. */
    private static final Set<String> IDENTITY = Set.of("Dropout", "SpatialDropout1D", "GaussianNoise",
            "GaussianDropout", "AlphaDropout", "ActivityRegularization");

    private static final Set<String> WHOLE_WINDOW = Set.of("Flatten", "Reshape", "Permute", "Cropping1D",
            "ZeroPadding1D", "UpSampling1D");
    private static final Set<String> CONVOLUTIONS = Set.of("Conv1D", "Convolution1D", "SeparableConv1D",
            "SeparableConvolution1D", "DepthwiseConv1D", "Conv1DTranspose", "LocallyConnected1D");
    private static final Set<String> POOLING = Set.of("MaxPooling1D", "MaxPool1D", "AveragePooling1D",
            "AvgPool1D", "GlobalMaxPooling1D", "GlobalMaxPool1D", "GlobalAveragePooling1D", "GlobalAvgPool1D");
    private static final Set<String> ATTENTION = Set.of("Attention", "AdditiveAttention", "MultiHeadAttention",
            "GroupedQueryAttention", "GroupQueryAttention");

    private ModelBuilder() {
    }

    /**
     * @param source where the description came from (the file), for messages
     * @throws ModelLoadException naming the source, the layer and the reason
     */
    public static Model build(ModelDescription d, String source) {
        if (d.layers().isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        // A reader that cannot tell the generation gets tf.keras's definitions, by far the most common.
        Flavor flavor = d.flavor() == null ? Flavor.TF_KERAS2 : d.flavor();
        int inputSize = d.inputSize() > 0 ? d.inputSize() : inputSizeFromWeights(d, source);
        List<Layer> layers = new ArrayList<>();
        Shape shape = new Shape(inputSize, 3);
        for (LayerDescription ld : d.layers()) {
            try {
                Layer layer = layer(ld.className(), ld.name(), new LayerConfig(ld.config()), ld.weights(), flavor,
                        shape);
                if (layer != null) {
                    layers.add(layer);
                }
            } catch (LayerRefusal r) {
                throw new ModelLoadException(source + ": layer '" + ld.name() + "' (" + ld.className() + "): "
                        + r.getMessage());
            }
        }
        if (layers.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers that compute anything");
        }
        return new Model(source, d.format(), d.kerasVersion(), inputSize, layers);
    }

    /** Feature count and rank (3 with a time axis, 2 after a recurrent layer that returns its last output only). */
    private static final class Shape {
        int size;
        int rank;

        Shape(int size, int rank) {
            this.size = size;
            this.rank = rank;
        }
    }

    private static int inputSizeFromWeights(ModelDescription d, String source) {
        for (LayerDescription ld : d.layers()) {
            if (!ld.weights().isEmpty()) {
                Tensor first = ld.weights().get(0);
                if (first.shape().length >= 1 && first.shape()[0] > 0) {
                    return first.shape()[0];
                }
            }
        }
        throw new ModelLoadException(source + ": the file states no input shape and no layer has weights to tell "
                + "the number of input features from");
    }

    /** One layer, or null for an identity layer that is dropped. */
    private static Layer layer(String cls, String name, LayerConfig c, List<Tensor> weights, Flavor flavor,
                               Shape shape) {
        refuseUnservable(cls, c);
        if (IDENTITY.contains(cls) || cls.equals("InputLayer")) {
            requireNoWeights(weights);
            return null;
        }
        switch (cls) {
            case "LSTM":
            case "CuDNNLSTM":
                return lstm(cls, name, c, weights, flavor, shape);
            case "GRU":
            case "CuDNNGRU":
                return gru(cls, name, c, weights, flavor, shape);
            case "SimpleRNN":
                return simpleRnn(cls, name, c, weights, flavor, shape);
            case "Dense":
                return dense(cls, name, c, weights, flavor, shape);
            case "TimeDistributed":
                return timeDistributed(name, c, weights, flavor, shape);
            case "BatchNormalization":
                return batchNormalization(cls, name, c, weights, shape);
            case "LayerNormalization":
                return layerNormalization(cls, name, c, weights, shape);
            case "Masking":
                requireNoWeights(weights);
                return new MaskingLayer(name, cls, shape.size, c.number("mask_value", 0.0));
            default:
                break;
        }
        Activation activation;
        try {
            activation = Activations.ofLayer(cls, c.node(), flavor);
        } catch (IllegalArgumentException e) {
            throw new LayerRefusal(e.getMessage());
        }
        if (activation == null) {
            throw new LayerRefusal("unsupported layer type");
        }
        if (cls.equals("Softmax")) {
            requireLastAxis(c, "axis", shape);
        }
        requireNoWeights(weights);
        return new ActivationLayer(name, cls, shape.size, activation);
    }

    private static void refuseUnservable(String cls, LayerConfig c) {
        if (WHOLE_WINDOW.contains(cls)) {
            throw new LayerRefusal("it needs the whole window of timesteps at once (the model was built for "
                    + "fixed-length windows), so the model cannot be served one timestep at a time");
        }
        if (cls.equals("Bidirectional")) {
            throw new LayerRefusal("a bidirectional layer also reads the sequence backwards from its end, which "
                    + "does not exist yet when timesteps arrive one at a time");
        }
        if (CONVOLUTIONS.contains(cls)) {
            String padding = c.text("padding", "valid");
            JsonNode k = c.get("kernel_size");
            String width = k == null ? "several" : k.isArray() && k.size() == 1 ? k.get(0).asText() : k.asText();
            throw new LayerRefusal("a convolution over time reads " + width
                    + " neighbouring timesteps at once" + (padding.equals("causal") ? ""
                    : " and is non-causal (padding '" + padding + "' looks at later timesteps)")
                    + "; it cannot be served one timestep at a time");
        }
        if (POOLING.contains(cls)) {
            throw new LayerRefusal("pooling over time needs the whole window of timesteps at once, so the model "
                    + "cannot be served one timestep at a time");
        }
        if (ATTENTION.contains(cls)) {
            throw new LayerRefusal("attention looks at the whole sequence at once, so the model cannot be served "
                    + "one timestep at a time");
        }
        if (cls.equals("RepeatVector")) {
            throw new LayerRefusal("it turns one vector into a fixed-length sequence of timesteps, which cannot be "
                    + "served one timestep at a time");
        }
        if (c.bool("go_backwards", false)) {
            throw new LayerRefusal("go_backwards=true reads the sequence from its end, which does not exist yet "
                    + "when timesteps arrive one at a time");
        }
    }

    private static LstmLayer lstm(String cls, String name, LayerConfig c, List<Tensor> weights, Flavor flavor,
                                  Shape shape) {
        int units = c.positiveInt("units");
        boolean cudnn = cls.startsWith("CuDNN");
        boolean useBias = cudnn || c.bool("use_bias", true);
        int in = shape.size;
        WeightCheck check = new WeightCheck()
                .expect("kernel", in, 4 * units)
                .expect("recurrent_kernel", units, 4 * units);
        if (useBias) {
            check.expect("bias", (cudnn ? 8 : 4) * units);
        }
        float[][] w = check.take(weights);
        float[] bias = useBias ? w[2] : null;
        if (cudnn) {
            bias = sumHalves(bias); // cuDNN keeps input and recurrent biases apart; LSTM adds both
        }
        Activation act = cudnn ? Activations.TANH : activation(c, "activation", "tanh", flavor);
        Activation rec = cudnn ? Activations.SIGMOID
                : activation(c, "recurrent_activation", defaultRecurrentActivation(flavor), flavor);
        boolean seq = c.bool("return_sequences", false);
        LstmLayer lstm = new LstmLayer(name, "LSTM", in, units, w[0], w[1], bias, act, rec, seq);
        advance(shape, units, seq);
        return lstm;
    }

    private static GruLayer gru(String cls, String name, LayerConfig c, List<Tensor> weights, Flavor flavor,
                                Shape shape) {
        int units = c.positiveInt("units");
        boolean cudnn = cls.startsWith("CuDNN");
        boolean useBias = cudnn || c.bool("use_bias", true);
        boolean resetAfter;
        if (cudnn) {
            resetAfter = true;
        } else if (c.has("reset_after")) {
            resetAfter = c.bool("reset_after", false);
        } else if (useBias && weights.size() >= 3) {
            // The bias shape tells reset_after for certain: (2, 3·units) or (3·units).
            resetAfter = weights.get(2).shape().length == 2;
        } else {
            resetAfter = flavor == Flavor.TF_KERAS2 || flavor == Flavor.KERAS3;
        }
        int in = shape.size;
        WeightCheck check = new WeightCheck()
                .expect("kernel", in, 3 * units)
                .expect("recurrent_kernel", units, 3 * units);
        if (useBias) {
            if (cudnn) {
                check.expect("bias", 6 * units);
            } else if (resetAfter) {
                check.expect("bias", 2, 3 * units);
            } else {
                check.expect("bias", 3 * units);
            }
        }
        float[][] w;
        try {
            w = check.take(weights);
        } catch (LayerRefusal r) {
            throw new LayerRefusal(r.getMessage() + " (reset_after=" + resetAfter
                    + (c.has("reset_after") ? "" : ", the default for this Keras version") + ")");
        }
        Activation act = cudnn ? Activations.TANH : activation(c, "activation", "tanh", flavor);
        Activation rec = cudnn ? Activations.SIGMOID
                : activation(c, "recurrent_activation", defaultRecurrentActivation(flavor), flavor);
        boolean seq = c.bool("return_sequences", false);
        GruLayer gru = new GruLayer(name, "GRU", in, units, resetAfter, w[0], w[1], useBias ? w[2] : null, act, rec,
                seq);
        advance(shape, units, seq);
        return gru;
    }

    private static SimpleRnnLayer simpleRnn(String cls, String name, LayerConfig c, List<Tensor> weights,
                                            Flavor flavor, Shape shape) {
        int units = c.positiveInt("units");
        boolean useBias = c.bool("use_bias", true);
        int in = shape.size;
        WeightCheck check = new WeightCheck()
                .expect("kernel", in, units)
                .expect("recurrent_kernel", units, units);
        if (useBias) {
            check.expect("bias", units);
        }
        float[][] w = check.take(weights);
        boolean seq = c.bool("return_sequences", false);
        SimpleRnnLayer rnn = new SimpleRnnLayer(name, cls, in, units, w[0], w[1], useBias ? w[2] : null,
                activation(c, "activation", "tanh", flavor), seq);
        advance(shape, units, seq);
        return rnn;
    }

    private static DenseLayer dense(String type, String name, LayerConfig c, List<Tensor> weights, Flavor flavor,
                                    Shape shape) {
        int units = c.positiveInt("units");
        boolean useBias = c.bool("use_bias", true);
        WeightCheck check = new WeightCheck().expect("kernel", shape.size, units);
        if (useBias) {
            check.expect("bias", units);
        }
        float[][] w = check.take(weights);
        DenseLayer dense = new DenseLayer(name, type, shape.size, units, w[0], useBias ? w[1] : null,
                activation(c, "activation", "linear", flavor));
        shape.size = units;
        return dense;
    }

    /** TimeDistributed applies its layer to each timestep: for per-timestep layers that is the layer itself. */
    private static Layer timeDistributed(String name, LayerConfig c, List<Tensor> weights, Flavor flavor,
                                         Shape shape) {
        JsonNode inner = c.get("layer");
        if (inner == null || !inner.isObject()) {
            throw new LayerRefusal("the config has no wrapped 'layer'");
        }
        String innerCls = inner.path("class_name").asText("");
        LayerConfig innerConfig = new LayerConfig(inner.get("config"));
        String type = "TimeDistributed(" + innerCls + ")";
        switch (innerCls) {
            case "Dense":
                return dense(type, name, innerConfig, weights, flavor, shape);
            case "LSTM":
            case "GRU":
            case "SimpleRNN":
            case "CuDNNLSTM":
            case "CuDNNGRU":
                throw new LayerRefusal(type + " runs a recurrent layer over an inner time axis of each timestep; "
                        + "it is not supported");
            default:
                try {
                    return layer(innerCls, name, innerConfig, weights, flavor, shape);
                } catch (LayerRefusal r) {
                    throw new LayerRefusal("wrapped layer " + innerCls + ": " + r.getMessage());
                }
        }
    }

    private static BatchNormalizationLayer batchNormalization(String cls, String name, LayerConfig c,
                                                              List<Tensor> weights, Shape shape) {
        requireLastAxis(c, "axis", shape);
        boolean scale = c.bool("scale", true);
        boolean center = c.bool("center", true);
        int n = shape.size;
        WeightCheck check = new WeightCheck();
        if (scale) {
            check.expect("gamma", n);
        }
        if (center) {
            check.expect("beta", n);
        }
        check.expect("moving_mean", n).expect("moving_variance", n);
        float[][] w = check.take(weights);
        int i = 0;
        float[] gamma = scale ? w[i++] : null;
        float[] beta = center ? w[i++] : null;
        return new BatchNormalizationLayer(name, cls, n, gamma, beta, w[i], w[i + 1], c.number("epsilon", 1e-3));
    }

    private static LayerNormalizationLayer layerNormalization(String cls, String name, LayerConfig c,
                                                              List<Tensor> weights, Shape shape) {
        requireLastAxis(c, "axis", shape);
        boolean rms = c.bool("rms_scaling", false);
        // Keras 3: with rms_scaling there is always a gamma and never a beta.
        boolean scale = rms || c.bool("scale", true);
        boolean center = !rms && c.bool("center", true);
        int n = shape.size;
        WeightCheck check = new WeightCheck();
        if (scale) {
            check.expect("gamma", n);
        }
        if (center) {
            check.expect("beta", n);
        }
        float[][] w = check.take(weights);
        return new LayerNormalizationLayer(name, cls, n, scale ? w[0] : null, center ? w[scale ? 1 : 0] : null,
                c.number("epsilon", 1e-3), rms);
    }

    private static void requireLastAxis(LayerConfig c, String key, Shape shape) {
        int axis = c.singleAxis(key, -1);
        if (axis != -1 && axis != shape.rank - 1) {
            throw new LayerRefusal("it works over axis " + c.get(key) + "; only the feature axis (-1) can be "
                    + "served one timestep at a time");
        }
    }

    private static void requireNoWeights(List<Tensor> weights) {
        new WeightCheck().take(weights);
    }

    private static void advance(Shape shape, int units, boolean returnSequences) {
        shape.size = units;
        if (!returnSequences) {
            shape.rank = 2;
        }
    }

    private static Activation activation(LayerConfig c, String key, String dflt, Flavor flavor) {
        JsonNode spec = c.get(key);
        try {
            return spec == null ? Activations.named(dflt, flavor) : Activations.of(spec, flavor);
        } catch (IllegalArgumentException e) {
            throw new LayerRefusal(e.getMessage() + " ('" + key + "')");
        }
    }

    /** Keras 2.0–2.2 and TF.js default LSTM/GRU gates to hard_sigmoid; tf.keras and Keras 3 to sigmoid. */
    private static String defaultRecurrentActivation(Flavor flavor) {
        return flavor == Flavor.KERAS2 || flavor == Flavor.TFJS ? "hard_sigmoid" : "sigmoid";
    }

    private static float[] sumHalves(float[] b) {
        int n = b.length / 2;
        float[] sum = new float[n];
        for (int j = 0; j < n; j++) {
            sum[j] = b[j] + b[n + j];
        }
        return sum;
    }
}
