package lstmjob.model.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Turns a {@link ModelDescription} into a servable {@link Model}: walks its layers from the input, hands each to
 * the reader of its Keras class ({@link LayerReaders}) with the shape flowing into it, and refuses, with one
 * message naming the file, the layer and the reason, anything that cannot be computed one timestep at a time.
 * All or nothing: either every layer builds or nothing is returned. What it serves but not exactly as Keras
 * computes (a dtype policy other than float32, non-finite weights when allowed) becomes the model's warnings.
 */
public final class ModelBuilder {

    private ModelBuilder() {
    }

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
        int inputSize = d.inputSize() > 0 ? d.inputSize() : inputSizeFromWeights(d, source);
        List<Layer> layers = new ArrayList<>();
        Shape shape = Shape.timesteps(inputSize);
        List<String> warnings = new ArrayList<>();
        Map<String, List<String>> dtypeDifferences = new LinkedHashMap<>();
        for (LayerDescription ld : d.layers()) {
            String layer = "layer '" + ld.name() + "' (" + ld.className() + ")";
            LayerConfig config = new LayerConfig(ld.config());
            NonFiniteWeights nonFinite = new NonFiniteWeights(limits.allowNonFiniteWeights());
            KerasLayer k = new KerasLayer(ld.className(), ld.name(), config, ld.weights(), flavor, List.of(shape),
                    kernel, nonFinite);
            LayerRead read;
            try {
                String dtype = DtypePolicies.declared(config);
                String difference = DtypePolicies.difference(dtype);
                read = LayerReaders.read(k);
                if (read.layer() != null && DtypePolicies.integer(dtype)) {
                    throw DtypePolicies.integerRefusal(dtype);
                }
                if (difference != null && read.layer() != null) {
                    dtypeDifferences.computeIfAbsent("dtype " + dtype + ": " + difference, x -> new ArrayList<>())
                            .add("'" + ld.name() + "'");
                }
            } catch (LayerRefusal r) {
                throw new ModelLoadException(source + ": " + layer + ": " + r.getMessage());
            }
            nonFinite.found().forEach(f -> warnings.add(layer + ": " + f + ": its predictions may be NaN"));
            if (read.layer() != null) {
                layers.add(read.layer());
            }
            shape = read.output();
        }
        if (layers.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers that compute anything");
        }
        dtypeDifferences.forEach((difference, names) -> warnings.add((names.size() == 1 ? "layer " : "layers ")
                + String.join(", ", names) + (names.size() == 1 ? " declares " : " declare ") + difference));
        return new Model(source, d.format(), d.kerasVersion(), inputSize, layers, warnings);
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
