package lstmjob.model.load;

import java.util.List;

/**
 * What a reader found in a model file: its layers in an order where each comes after the layers it reads
 * (InputLayers excluded), its inputs and outputs, and which Keras wrote the file.
 *
 * @param format       {@code keras3-zip}, {@code keras-h5}, {@code keras-json} or {@code tfjs-layers}
 * @param kerasVersion the version recorded in the file, e.g. {@code 2.1.6}, {@code 3.12.0}, {@code tfjs-layers 4.22.0}
 * @param flavor       whose definitions apply (hard_sigmoid, version-dependent defaults)
 * @param inputSize    features per timestep of the first input, from its shape's last axis (-1 when unknown)
 * @param inputName    the first input's name (its InputLayer's), for messages about what a record gives it
 * @param inputs       every input in the model's order, with the features its shape states (-1 when unknown)
 * @param outputs      every output in the model's order; empty for a chain, whose output is its last layer
 */
public record ModelDescription(
        String format,
        String kerasVersion,
        Flavor flavor,
        int inputSize,
        List<LayerDescription> layers,
        String inputName,
        List<Input> inputs,
        List<Output> outputs) {

    /**
     * One input: its name (its InputLayer's), the features per timestep its shape states (-1 when unknown), and its
     * shape's rank with the batch axis (3 for timesteps of features, 2 for ids or for one vector per sequence; -1 when
     * unknown).
     */
    public record Input(String name, int features, int rank) {

        public Input(String name, int features) {
            this(name, features, -1);
        }
    }

    /** One output: its name (the output layer's) and the tensor it is (a layer's {@link LayerDescription#id()}). */
    public record Output(String name, String tensor) {}

    /** A chain of layers from one input to one output (its last layer). */
    public ModelDescription(
            String format,
            String kerasVersion,
            Flavor flavor,
            int inputSize,
            List<LayerDescription> layers,
            String inputName) {
        this(
                format,
                kerasVersion,
                flavor,
                inputSize,
                layers,
                inputName,
                List.of(new Input(inputName, inputSize)),
                List.of());
    }

    /** The name Keras gives the input of a model whose file names none: its first layer's, "_input" added. */
    public ModelDescription(
            String format, String kerasVersion, Flavor flavor, int inputSize, List<LayerDescription> layers) {
        this(
                format,
                kerasVersion,
                flavor,
                inputSize,
                layers,
                layers.isEmpty() ? "input" : layers.get(0).name() + "_input");
    }

    /** A graph: layers with their inbound tensors, several inputs and outputs. */
    static ModelDescription graph(
            String format,
            String kerasVersion,
            Flavor flavor,
            List<LayerDescription> layers,
            List<Input> inputs,
            List<Output> outputs) {
        Input first = inputs.isEmpty() ? new Input("input", -1) : inputs.get(0);
        return new ModelDescription(
                format, kerasVersion, flavor, first.features(), layers, first.name(), inputs, outputs);
    }

    /** Keras generations whose definitions differ: hard_sigmoid, and defaults such as GRU reset_after. */
    public enum Flavor {
        /** Multi-backend Keras 2.0–2.2 (hard_sigmoid recurrent activation, GRU reset_after=false by default). */
        KERAS2,
        /** tf.keras 2.x and Keras 2.3+ (sigmoid recurrent activation, GRU reset_after=true by default). */
        TF_KERAS2,
        /** Keras 3 (hard_sigmoid is relu6(x+3)/6). */
        KERAS3,
        /** TensorFlow.js Layers (Keras 2 definitions, its own defaults). */
        TFJS
    }
}
