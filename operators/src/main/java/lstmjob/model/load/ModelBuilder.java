package lstmjob.model.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.model.ModelInput;
import lstmjob.model.ModelLoadException;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Turns a {@link ModelDescription} into a servable {@link Model}: walks its layers from the input, hands each to
 * the reader of its Keras class ({@link LayerReaders}) with the shape flowing into it, and refuses, with one
 * message naming the file, each layer and the reason, anything that cannot be computed one timestep at a time
 * (every layer that blocks it, not only the first).
 * All or nothing: either every layer builds or nothing is returned. What it serves but not exactly as Keras
 * computes (a dtype policy other than float32, non-finite weights when allowed) becomes the model's warnings.
 */
public final class ModelBuilder {

    private ModelBuilder() {}

    /** As {@link #build(ModelDescription, String, MatrixKernel)} with the kernel {@link Kernels#selected()} chooses. */
    public static Model build(ModelDescription d, String source) {
        return build(d, source, Kernels.selected());
    }

    /** As {@link #build(ModelDescription, String, MatrixKernel, LoadLimits)} with the default limits. */
    public static Model build(ModelDescription d, String source, MatrixKernel kernel) {
        return build(d, source, kernel, LoadLimits.DEFAULT);
    }

    /**
     * @param source where the description came from (the file), for messages
     * @param kernel the kernel every layer's products run on
     * @param limits whether weights that are not finite are allowed
     * @throws ModelLoadException naming the source, the layer and the reason
     */
    public static Model build(ModelDescription d, String source, MatrixKernel kernel, LoadLimits limits) {
        if (d.layers().isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        // A reader that cannot tell the generation gets tf.keras's definitions, by far the most common.
        Flavor flavor = d.flavor() == null ? Flavor.TF_KERAS2 : d.flavor();
        ModelInput input = ModelInputs.of(d, d.inputSize());
        if (!input.takesIds() && input.size() <= 0) {
            input = ModelInput.features(input.name(), inputSizeFromWeights(d, source));
        }
        List<Layer> layers = new ArrayList<>();
        Refusals refusals = new Refusals();
        Shape shape = ModelInputs.shape(input);
        List<String> warnings = new ArrayList<>();
        Map<String, List<String>> dtypeDifferences = new LinkedHashMap<>();
        for (LayerDescription ld : d.layers()) {
            LayerConfig config = new LayerConfig(ld.config());
            NonFiniteWeights nonFinite = new NonFiniteWeights(limits.allowNonFiniteWeights());
            KerasLayer k = new KerasLayer(
                    ld.className(), ld.name(), config, ld.weights(), flavor, List.of(shape), kernel, nonFinite);
            if (!refusals.isEmpty()) {
                // Past a refused layer the shapes are unknown: the rest is only asked whether it blocks too, so
                // that the message names every layer that stops the model from being served one step at a time.
                String blocking = UnservableLayers.whyBlocking(k);
                if (blocking != null) {
                    refusals.add(ld.name(), ld.className(), blocking, true);
                }
                continue;
            }
            try {
                String dtype = DtypePolicies.declared(config);
                String difference = DtypePolicies.difference(dtype);
                LayerRead read = LayerReaders.read(k);
                // An Embedding's integer dtype (older Keras wrote int32 there) is that of its ids, not its arithmetic.
                if (read.computes() && DtypePolicies.integer(dtype) && !"Embedding".equals(ld.className())) {
                    throw DtypePolicies.integerRefusal(dtype);
                }
                if (difference != null && read.computes()) {
                    dtypeDifferences
                            .computeIfAbsent("dtype " + dtype + ": " + difference, x -> new ArrayList<>())
                            .add("'" + ld.name() + "'");
                }
                String layer = "layer '" + ld.name() + "' (" + ld.className() + ")";
                nonFinite.found().forEach(f -> warnings.add(layer + ": " + f + ": its predictions may be NaN"));
                layers.addAll(read.layers());
                shape = read.output();
            } catch (LayerRefusal r) {
                refusals.add(ld.name(), ld.className(), r.getMessage(), r.blocks());
            }
        }
        if (!refusals.isEmpty()) {
            throw new ModelLoadException(source + ": "
                    + (refusals.count() == 1 ? "" : refusals.count() + " layers cannot be served: ") + refusals);
        }
        if (layers.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers that compute anything");
        }
        dtypeDifferences.forEach((difference, names) -> warnings.add((names.size() == 1 ? "layer " : "layers ")
                + String.join(", ", names)
                + (names.size() == 1 ? " declares " : " declare ")
                + difference));
        return new Model(source, d.format(), d.kerasVersion(), input, layers, warnings);
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
}
