package lstmjob.model;

import java.util.ArrayList;
import java.util.List;
import lstmjob.model.layers.Layer;

/**
 * A loaded, servable model: an immutable chain of layers. Thread-safe; every thread steps it through its
 * own {@link ModelStepper}.
 */
public final class Model {

    private final String source;
    private final String format;
    private final String kerasVersion;
    private final ModelInput input;
    private final List<Layer> layers;
    private final StateLayout stateLayout;
    private final List<String> warnings;

    public Model(String source, String format, String kerasVersion, int inputSize, List<Layer> layers) {
        this(source, format, kerasVersion, ModelInput.features("input", inputSize), layers, List.of());
    }

    public Model(String source, String format, String kerasVersion, ModelInput input, List<Layer> layers) {
        this(source, format, kerasVersion, input, layers, List.of());
    }

    /** @param warnings how serving it may differ from what Keras computes, each a sentence naming the layers */
    public Model(
            String source,
            String format,
            String kerasVersion,
            ModelInput input,
            List<Layer> layers,
            List<String> warnings) {
        if (layers.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        this.source = source;
        this.format = format;
        this.kerasVersion = kerasVersion;
        this.input = input;
        this.layers = List.copyOf(layers);
        List<StateLayout.Entry> entries = new ArrayList<>();
        int offset = 0;
        for (Layer l : this.layers) {
            if (l.stateVectors() > 0) {
                entries.add(new StateLayout.Entry(l.name(), l.type(), l.stateVectors(), l.stateSize(), offset));
                offset += l.stateVectors() * l.stateSize();
            }
        }
        this.stateLayout = new StateLayout(entries);
        this.warnings = List.copyOf(warnings);
    }

    /** Where the model came from (its file), for messages. */
    public String source() {
        return source;
    }

    /** {@code keras3-zip}, {@code keras-h5}, {@code tfjs-layers} or {@code onnx}. */
    public String format() {
        return format;
    }

    /** The Keras version that saved it; for an ONNX model, its producer and opset ("pytorch 1.13.0, opset 17"). */
    public String kerasVersion() {
        return kerasVersion;
    }

    /** What the first input takes per timestep: features, or ids. */
    public ModelInput input() {
        return input;
    }

    /**
     * The model's inputs in the order the file lists them. A row of input floats handed to the stepper is the
     * concatenation of every input's {@link ModelInput#floats()} in this order.
     */
    public List<ModelInput> inputs() {
        return List.of(input);
    }

    /**
     * The model's outputs in the order the file lists them. A row of output floats the stepper writes is the
     * concatenation of every output's {@link ModelOutput#size()} in this order.
     */
    public List<ModelOutput> outputs() {
        Layer last = layers.get(layers.size() - 1);
        return List.of(new ModelOutput(last.name(), last.outputSize()));
    }

    /** Floats per timestep the model reads: every input's, concatenated (1 for an id input). */
    public int inputSize() {
        return input.floats();
    }

    /** Floats per timestep the model writes: every output's, concatenated. */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** How serving it may differ from what Keras computes (a dtype policy, weights that are not finite). */
    public List<String> warnings() {
        return warnings;
    }

    public StateLayout stateLayout() {
        return stateLayout;
    }

    public long parameterCount() {
        long n = 0;
        for (Layer l : layers) {
            n += l.parameterCount();
        }
        return n;
    }

    /** A stepper for this model, for one thread, stepping up to {@code maxRows} keys per call. */
    public ModelStepper newStepper(int maxRows) {
        return new ModelStepper(this, maxRows);
    }
}
