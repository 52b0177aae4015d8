package lstmjob.model.load;

import java.util.List;

/**
 * What a reader found in a model file: the chain of layers from the single input to the single output
 * (InputLayer excluded), the input feature count, and which Keras wrote the file.
 *
 * @param format       {@code keras3-zip}, {@code keras-h5}, {@code keras-json} or {@code tfjs-layers}
 * @param kerasVersion the version recorded in the file, e.g. {@code 2.1.6}, {@code 3.12.0}, {@code tfjs-layers 4.22.0}
 * @param flavor       whose definitions apply (hard_sigmoid, version-dependent defaults)
 * @param inputSize    features per timestep, from the input shape's last axis
 * @param inputName    the model input's name (its InputLayer's), for messages about what a record gives it
 */
public record ModelDescription(
        String format,
        String kerasVersion,
        Flavor flavor,
        int inputSize,
        List<LayerDescription> layers,
        String inputName) {

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
