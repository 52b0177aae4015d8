package lstmjob.model.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.model.ModelInput;
import lstmjob.model.ModelLoadException;
import lstmjob.model.ModelNode;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Turns a {@link ModelDescription} into a servable {@link Model}: walks its layers from the inputs, hands each to
 * the reader of its Keras class ({@link LayerReaders}) with the shapes flowing into it, and refuses, with one
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
        StateBindings bindings = StateBindings.of(d);
        List<ModelDescription.Input> described = bindings.unbound(d.inputs());
        Map<String, ModelDescription.Input> boundInputs = new HashMap<>();
        d.inputs().stream().filter(i -> bindings.bound(i.name())).forEach(i -> boundInputs.put(i.name(), i));
        List<ModelInput> inputs = ModelInputs.of(d).stream()
                .filter(i -> !bindings.bound(i.name()))
                .toList();
        if (inputs.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no input but the initial states of its layers");
        }
        if (inputs.size() == 1 && !inputs.get(0).takesIds() && inputs.get(0).size() <= 0) {
            inputs = List.of(ModelInput.features(inputs.get(0).name(), inputSizeFromWeights(d, source)));
        }
        // Every tensor by id: its index in the stepper and its shape; inputs first.
        Map<String, Integer> tensorOf = new HashMap<>();
        List<Shape> shapes = new ArrayList<>();
        List<String> timelessInputs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ModelInput in = inputs.get(i);
            boolean timeless = !in.takesIds() && described.get(i).rank() == 2;
            if (timeless) {
                timelessInputs.add("input '" + in.name() + "' has no time axis (one vector of " + in.size()
                        + " per sequence, not one per timestep), so the model cannot be served one timestep at a time");
            }
            if (!in.takesIds() && in.size() <= 0) {
                throw new ModelLoadException(
                        source + ": the file states no number of features for input '" + in.name() + "'");
            }
            tensorOf.put(in.name(), shapes.size());
            shapes.add(timeless ? new Shape(in.size(), 2) : ModelInputs.shape(in));
        }
        List<ModelNode> nodes = new ArrayList<>();
        Refusals refusals = new Refusals();
        List<String> warnings = new ArrayList<>();
        Map<String, List<String>> dtypeDifferences = new LinkedHashMap<>();
        int previous = 0;
        for (LayerDescription ld : d.layers()) {
            LayerConfig config = new LayerConfig(ld.config());
            NonFiniteWeights nonFinite = new NonFiniteWeights(limits.allowNonFiniteWeights());
            List<Integer> reads = new ArrayList<>();
            List<String> initialState = bindings.initialState(ld.id());
            String misread = null;
            if (ld.inbound() == null) {
                reads.add(previous);
            } else {
                List<String> data = ld.inbound().subList(0, ld.inbound().size() - initialState.size());
                for (String in : data) {
                    Integer t = tensorOf.get(in);
                    if (t == null && bindings.bound(in)) {
                        misread = "it reads input '" + in + "', which gives the initial state of layer '"
                                + bindings.layerOf(in) + "' (bound to the key's state)";
                    } else if (t == null && bindings.returnedState(in)) {
                        misread = "it reads the state that layer '" + KerasGraph.layerOf(in) + "' returns (its "
                                + "output #" + KerasGraph.outputOf(in) + "); a returned state is served only as "
                                + "the model's output, bound to the key's state";
                    } else if (t == null && refusals.isEmpty()) {
                        throw new ModelLoadException(source + ": layer '" + ld.name() + "' reads '" + in
                                + "', which is no input of the model and no layer before it");
                    }
                    reads.add(t);
                }
            }
            List<Shape> inShapes = new ArrayList<>();
            reads.forEach(t -> inShapes.add(t == null ? null : shapes.get(t)));
            KerasLayer k = new KerasLayer(
                    ld.className(), ld.name(), config, ld.weights(), flavor, inShapes, kernel, nonFinite);
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
                if (misread != null) {
                    throw new LayerRefusal(misread);
                }
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
                checkInitialState(read, initialState, boundInputs);
                String layer = "layer '" + ld.name() + "' (" + ld.className() + ")";
                nonFinite.found().forEach(f -> warnings.add(layer + ": " + f + ": its predictions may be NaN"));
                int out = reads.get(0);
                for (int i = 0; i < read.layers().size(); i++) {
                    Layer l = read.layers().get(i);
                    nodes.add(i == 0 ? new ModelNode(l, toInts(reads)) : ModelNode.of(l, out));
                    out = shapes.size();
                    shapes.add(null);
                }
                shapes.set(out, read.output());
                tensorOf.put(ld.id(), out);
                previous = out;
            } catch (LayerRefusal r) {
                refusals.add(ld.name(), ld.className(), r.getMessage(), r.blocks());
            }
        }
        // An input without a time axis stops the model too; named after the layers, which say more of the model.
        String inputsWhy = timelessInputs.isEmpty() ? "" : String.join("; ", timelessInputs);
        if (!refusals.isEmpty()) {
            throw new ModelLoadException(source + ": "
                    + (refusals.count() == 1 ? "" : refusals.count() + " layers cannot be served: ") + refusals
                    + (inputsWhy.isEmpty() ? "" : "; " + inputsWhy));
        }
        if (!inputsWhy.isEmpty()) {
            throw new ModelLoadException(source + ": " + inputsWhy);
        }
        if (nodes.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers that compute anything");
        }
        Map<String, Integer> outputs = new LinkedHashMap<>();
        if (d.outputs().isEmpty()) {
            outputs.put(d.layers().get(d.layers().size() - 1).name(), previous);
        }
        for (ModelDescription.Output o : d.outputs()) {
            if (bindings.returnedState(o.tensor())) {
                continue; // bound to the key's state
            }
            Integer t = tensorOf.get(o.tensor());
            if (t == null) {
                throw new ModelLoadException(source + ": output '" + o.name() + "' is no layer of the model");
            }
            if (outputs.put(o.name(), t) != null) {
                throw new ModelLoadException(source + ": the model has two outputs named '" + o.name() + "'");
            }
        }
        dtypeDifferences.forEach((difference, names) -> warnings.add((names.size() == 1 ? "layer " : "layers ")
                + String.join(", ", names)
                + (names.size() == 1 ? " declares " : " declare ")
                + difference));
        return new Model(source, d.format(), d.kerasVersion(), inputs, nodes, outputs, warnings);
    }

    /** The inputs giving a recurrent layer's initial state match its state vectors, one by one. */
    private static void checkInitialState(
            LayerRead read, List<String> initialState, Map<String, ModelDescription.Input> inputs) {
        if (initialState.isEmpty()) {
            return;
        }
        Layer l = read.layer();
        boolean fits = l != null && l.stateVectors() == initialState.size();
        for (String in : initialState) {
            int features = inputs.get(in).features();
            fits &= l != null && (features < 0 || features == l.stateSize());
        }
        if (!fits) {
            throw new LayerRefusal("its initial state is given by inputs " + initialState + ", which do not match "
                    + "its " + (l == null ? 0 : l.stateVectors()) + " state vectors of "
                    + (l == null ? 0 : l.stateSize()));
        }
    }

    private static int[] toInts(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
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
