package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import lstmjob.model.layers.Activation;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * One layer as a {@link LayerReader} is given it: its Keras class name, name, config and weights from the file,
 * the shapes flowing into it from the graph, whose definitions apply (the Keras generation that wrote the file),
 * the kernel its products run on, and what becomes of weights that are not finite.
 *
 * @param inputs the shape of each tensor the layer takes, in the order the graph passes them
 */
record KerasLayer(
        String className,
        String name,
        LayerConfig config,
        List<Tensor> weights,
        Flavor flavor,
        List<Shape> inputs,
        MatrixKernel kernel,
        NonFiniteWeights nonFinite) {

    /** The shape of the layer's one input. */
    Shape input() {
        if (inputs.size() != 1) {
            throw new LayerRefusal("it is given " + inputs.size() + " inputs; it takes one");
        }
        return inputs.get(0);
    }

    /** The layer a wrapper (e.g. TimeDistributed) holds, with the wrapper's weights, inputs and kernel. */
    KerasLayer wrapped(String innerClassName, JsonNode innerConfig) {
        return new KerasLayer(
                innerClassName, name, new LayerConfig(innerConfig), weights, flavor, inputs, kernel, nonFinite);
    }

    /** The data of each weight {@code check} expects, in that order; any difference from the file is refused. */
    float[][] take(WeightCheck check) {
        return check.take(weights, nonFinite);
    }

    /** Refuses any weight: the layer has none. */
    void requireNoWeights() {
        new WeightCheck().take(weights, nonFinite);
    }

    /** Refuses a layer configured over another axis than the features (the last), e.g. over time. */
    void requireLastAxis(String key) {
        int axis = config.singleAxis(key, -1);
        if (axis != -1 && axis != input().rank() - 1) {
            throw new LayerRefusal("it works over axis " + config.get(key) + "; only the feature axis (-1) can be "
                    + "served one timestep at a time");
        }
    }

    /** The activation the config names under {@code key}, or {@code dflt} when it names none. */
    Activation activation(String key, String dflt) {
        JsonNode spec = config.get(key);
        try {
            return spec == null ? KerasActivations.named(dflt, flavor) : KerasActivations.of(spec, flavor);
        } catch (IllegalArgumentException e) {
            throw new LayerRefusal(e.getMessage() + " ('" + key + "')");
        }
    }
}
