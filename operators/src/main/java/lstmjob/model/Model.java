package lstmjob.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.MergeLayer;

/**
 * A loaded, servable model: an immutable graph of layers, most often a chain. Its nodes are in topological order,
 * each a layer with the tensors it reads ({@link ModelNode}); it reads its named inputs and writes its named
 * outputs. Thread-safe; every thread steps it through its own {@link ModelStepper}.
 */
public final class Model {

    private final String source;
    private final String format;
    private final String kerasVersion;
    private final List<ModelInput> inputs;
    private final List<ModelNode> nodes;
    private final List<Layer> layers;
    private final List<ModelOutput> outputs;
    private final int[] outputTensors;
    private final int inputSize;
    private final int outputSize;
    private final StateLayout stateLayout;
    private final List<String> warnings;

    public Model(String source, String format, String kerasVersion, int inputSize, List<Layer> layers) {
        this(source, format, kerasVersion, ModelInput.features("input", inputSize), layers, List.of());
    }

    public Model(String source, String format, String kerasVersion, ModelInput input, List<Layer> layers) {
        this(source, format, kerasVersion, input, layers, List.of());
    }

    /**
     * A chain: each layer reads the one before it, the first the model's one input; the last is the one output.
     *
     * @param warnings how serving it may differ from what Keras computes, each a sentence naming the layers
     */
    public Model(
            String source,
            String format,
            String kerasVersion,
            ModelInput input,
            List<Layer> layers,
            List<String> warnings) {
        this(source, format, kerasVersion, List.of(input), chain(source, layers), lastOf(layers), warnings);
    }

    /**
     * A graph.
     *
     * @param inputs  the model's inputs, tensors 0 .. inputs - 1
     * @param nodes   in topological order, node i writing tensor {@code inputs.size() + i}
     * @param outputs each output's name and the tensor it is
     */
    public Model(
            String source,
            String format,
            String kerasVersion,
            List<ModelInput> inputs,
            List<ModelNode> nodes,
            Map<String, Integer> outputs,
            List<String> warnings) {
        if (nodes.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no " + (inputs.isEmpty() ? "input" : "output"));
        }
        this.source = source;
        this.format = format;
        this.kerasVersion = kerasVersion;
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        List<Layer> all = new ArrayList<>();
        for (int i = 0; i < this.nodes.size(); i++) {
            ModelNode n = this.nodes.get(i);
            for (int t : n.inputs()) {
                if (t < 0 || t >= this.inputs.size() + i) {
                    throw new IllegalArgumentException(
                            "node " + i + " (" + n + ") reads tensor " + t + ", which is not made before it");
                }
            }
            int expected = n.layer() instanceof MergeLayer m ? m.inputCount() : 1;
            if (n.inputCount() != expected) {
                throw new IllegalArgumentException(
                        "node " + i + " (" + n + ") reads " + n.inputCount() + " tensors; its layer takes " + expected);
            }
            all.add(n.layer());
        }
        this.layers = List.copyOf(all);
        List<ModelOutput> outs = new ArrayList<>();
        this.outputTensors = new int[outputs.size()];
        int k = 0;
        for (Map.Entry<String, Integer> e : outputs.entrySet()) {
            int t = e.getValue();
            if (t < 0 || t >= this.inputs.size() + this.nodes.size()) {
                throw new IllegalArgumentException("output '" + e.getKey() + "' is no tensor of the model: " + t);
            }
            outputTensors[k++] = t;
            outs.add(new ModelOutput(e.getKey(), tensorSize(t)));
        }
        this.outputs = List.copyOf(outs);
        this.inputSize = this.inputs.stream().mapToInt(ModelInput::floats).sum();
        this.outputSize = this.outputs.stream().mapToInt(ModelOutput::size).sum();
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

    private static List<ModelNode> chain(String source, List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        List<ModelNode> nodes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            nodes.add(ModelNode.of(layers.get(i), i));
        }
        return nodes;
    }

    private static Map<String, Integer> lastOf(List<Layer> layers) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (!layers.isEmpty()) {
            out.put(layers.get(layers.size() - 1).name(), layers.size());
        }
        return out;
    }

    /** Floats per row of tensor {@code t}: an input's (1 for ids), or its node's layer's output. */
    int tensorSize(int t) {
        return t < inputs.size()
                ? inputs.get(t).floats()
                : nodes.get(t - inputs.size()).layer().outputSize();
    }

    /** Where the model came from (its file), for messages. */
    public String source() {
        return source;
    }

    /**
     * {@code keras3-zip}, {@code keras-h5}, {@code keras-json} (architecture and weights), {@code tfjs-layers} or
     * {@code onnx}.
     */
    public String format() {
        return format;
    }

    /** The Keras version that saved it; for an ONNX model, its producer and opset ("pytorch 1.13.0, opset 17"). */
    public String kerasVersion() {
        return kerasVersion;
    }

    /** The first of the model's {@link #inputs()} (its only one, for most models). */
    public ModelInput input() {
        return inputs.get(0);
    }

    /**
     * The model's inputs in the order the file lists them. A row of input floats handed to the stepper is the
     * concatenation of every input's {@link ModelInput#floats()} in this order.
     */
    public List<ModelInput> inputs() {
        return inputs;
    }

    /**
     * The model's outputs in the order the file lists them. A row of output floats the stepper writes is the
     * concatenation of every output's {@link ModelOutput#size()} in this order.
     */
    public List<ModelOutput> outputs() {
        return outputs;
    }

    /** Floats per timestep the model reads: every input's, concatenated (1 for an id input). */
    public int inputSize() {
        return inputSize;
    }

    /** Floats per timestep the model writes: every output's, concatenated. */
    public int outputSize() {
        return outputSize;
    }

    /** The graph's nodes in topological order. */
    public List<ModelNode> nodes() {
        return nodes;
    }

    /** The tensor each output is, in {@link #outputs()} order. */
    int[] outputTensors() {
        return outputTensors.clone();
    }

    /** Every layer, in the order the graph computes them. */
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
