package lstmjob.model.load;

import java.util.ArrayList;
import java.util.List;
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
 * All or nothing: either every layer builds or nothing is returned.
 */
public final class ModelBuilder {

    private ModelBuilder() {
    }

    /** As {@link #build(ModelDescription, String, MatrixKernel)} with the kernel {@link Kernels#selected()} chooses. */
    public static Model build(ModelDescription d, String source) {
        return build(d, source, Kernels.selected());
    }

    /**
     * @param source where the description came from (the file), for messages
     * @param kernel the kernel every layer's products run on
     * @throws ModelLoadException naming the source, the layer and the reason
     */
    public static Model build(ModelDescription d, String source, MatrixKernel kernel) {
        if (d.layers().isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        // A reader that cannot tell the generation gets tf.keras's definitions, by far the most common.
        Flavor flavor = d.flavor() == null ? Flavor.TF_KERAS2 : d.flavor();
        int inputSize = d.inputSize() > 0 ? d.inputSize() : inputSizeFromWeights(d, source);
        List<Layer> layers = new ArrayList<>();
        Shape shape = Shape.timesteps(inputSize);
        for (LayerDescription ld : d.layers()) {
            KerasLayer k = new KerasLayer(ld.className(), ld.name(), new LayerConfig(ld.config()), ld.weights(),
                    flavor, List.of(shape), kernel);
            LayerRead read;
            try {
                read = LayerReaders.read(k);
            } catch (LayerRefusal r) {
                throw new ModelLoadException(source + ": layer '" + ld.name() + "' (" + ld.className() + "): "
                        + r.getMessage());
            }
            if (read.layer() != null) {
                layers.add(read.layer());
            }
            shape = read.output();
        }
        if (layers.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers that compute anything");
        }
        return new Model(source, d.format(), d.kerasVersion(), inputSize, layers);
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
