package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lstmjob.model.ModelLoadException;

/**
 * Reads a Keras model config's graph (Sequential, or Functional in its Keras 2, Keras 3 and TF.js spellings) into
 * its layers in an order where each comes after the layers it reads, each with the tensors it reads. A Sequential or
 * Functional model used as a layer inside another is inlined: its layers join the graph, fed by the tensors the
 * outer model gives it, their ids prefixed with its name ({@code encoder/lstm}). Keras 3's mask operations
 * ({@code NotEqual}, {@code Any}), which only feed the {@code mask} of a layer's call, are not layers and are left
 * out; so is anything that no output depends on.
 */
final class KerasGraph {

    /**
     * One layer of the graph.
     *
     * @param id      the tensor it outputs (its name, prefixed with those of the models it is nested in)
     * @param inbound the tensors it reads
     * @param owners  the entries of the models it is nested in, outermost first (empty at the top level)
     */
    record Node(JsonNode entry, String id, String name, List<String> inbound, List<JsonNode> owners) {}

    /** A model input: its InputLayer entry (null when the file has none) and its name. */
    record Input(JsonNode entry, String name) {}

    /** The graph's layers, its inputs in the model's order and its outputs (name and tensor). */
    record Graph(List<Node> nodes, List<Input> inputs, List<ModelDescription.Output> outputs) {}

    private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");
    /** Call arguments that are not data a layer reads. */
    private static final Set<String> NOT_DATA = Set.of("mask", "training");

    private final String source;
    private final List<Node> nodes = new ArrayList<>();
    /** Tensors that are other tensors: a nested model's input (what feeds it) and output (its output layer's). */
    private final Map<String, String> aliases = new HashMap<>();

    private KerasGraph(String source) {
        this.source = source;
    }

    /** The graph of a Functional model config (the inner {@code config}, holding {@code layers}). */
    static Graph functional(JsonNode config, String source) {
        KerasGraph g = new KerasGraph(source);
        List<Input> inputs = new ArrayList<>();
        List<String> outs = g.functional(config, "", List.of(), null, inputs);
        List<String> outNames = names(config.path("output_layers"), "output_layers", source).stream()
                .map(KerasGraph::layerOf)
                .toList();
        return g.finish(inputs, outs, outNames);
    }

    /**
     * The graph of a Sequential model's layer list.
     *
     * @param inputName the name of its input when it has no InputLayer
     */
    static Graph sequential(JsonNode layers, String inputName, String source) {
        KerasGraph g = new KerasGraph(source);
        List<Input> inputs = new ArrayList<>();
        JsonNode first = layers.isEmpty() ? null : layers.get(0);
        if (first != null && isInputLayer(first)) {
            inputs.add(new Input(first, nameOf(first)));
        } else {
            inputs.add(new Input(null, inputName));
        }
        String out = g.sequential(layers, "", List.of(), inputs.get(0).name());
        String name = layers.isEmpty() ? inputName : nameOf(layers.get(layers.size() - 1));
        return g.finish(inputs, List.of(out), List.of(name));
    }

    private Graph finish(List<Input> inputs, List<String> outs, List<String> outNames) {
        List<Node> resolved = new ArrayList<>();
        for (Node n : nodes) {
            List<String> in = n.inbound().stream().map(this::resolve).toList();
            resolved.add(new Node(n.entry(), n.id(), n.name(), in, n.owners()));
        }
        List<ModelDescription.Output> outputs = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            outputs.add(new ModelDescription.Output(outNames.get(i), resolve(outs.get(i))));
        }
        return new Graph(List.copyOf(resolved), List.copyOf(inputs), List.copyOf(outputs));
    }

    private String resolve(String id) {
        for (int hops = 0; aliases.containsKey(id) && hops <= aliases.size(); hops++) {
            id = aliases.get(id);
        }
        return id;
    }

    /**
     * Adds a Functional model's layers.
     *
     * @param feeds  the tensors feeding its inputs, in order; null at the top level, whose inputs are the model's
     * @param inputs where the top level's inputs are added
     * @return its output tensors
     */
    private List<String> functional(
            JsonNode config, String prefix, List<JsonNode> owners, List<String> feeds, List<Input> inputs) {
        JsonNode layerList = config.path("layers");
        if (!layerList.isArray()) {
            throw new ModelLoadException(source + ": the model config" + where(owners) + " has no list of layers");
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode layer : layerList) {
            String name = nameOf(layer);
            if (name.isEmpty()) {
                throw new ModelLoadException(source + ": a layer in the model config" + where(owners) + " has no name");
            }
            if (byName.put(name, layer) != null) {
                throw new ModelLoadException(
                        source + ": the model config" + where(owners) + " has two layers named '" + name + "'");
            }
        }
        List<String> inputNames = names(config.path("input_layers"), "input_layers", source);
        List<String> outputNames = names(config.path("output_layers"), "output_layers", source);
        for (String end : concat(inputNames, outputNames)) {
            if (!byName.containsKey(layerOf(end))) {
                throw new ModelLoadException(source + ": the model config" + where(owners) + " names layer '" + end
                        + "' as its input or output, but has no such layer");
            }
        }
        if (feeds == null) {
            inputNames.forEach(n -> inputs.add(new Input(byName.get(n), n)));
        } else {
            if (feeds.size() != inputNames.size()) {
                throw new ModelLoadException(source + ": the nested model" + where(owners) + " has " + inputNames.size()
                        + " inputs but is given " + feeds.size());
            }
            for (int i = 0; i < feeds.size(); i++) {
                aliases.put(prefix + inputNames.get(i), feeds.get(i));
            }
        }
        Map<String, List<String>> inbound = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
            inbound.put(e.getKey(), inboundLayers(e.getKey(), e.getValue(), byName.keySet()));
        }
        // What the outputs depend on, then those layers in config order, each after the layers it reads.
        Set<String> needed = new HashSet<>();
        List<String> todo = new ArrayList<>(outputNames);
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (needed.add(layerOf(n))) {
                inbound.get(layerOf(n)).forEach(t -> todo.add(layerOf(t)));
            }
        }
        Set<String> done = new HashSet<>(inputNames);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
                String name = e.getKey();
                if (!needed.contains(name)
                        || done.contains(name)
                        || !inbound.get(name).stream().allMatch(t -> done.contains(layerOf(t)))) {
                    continue;
                }
                if (isInputLayer(e.getValue())) {
                    throw new ModelLoadException(source + ": InputLayer '" + name + "'" + where(owners)
                            + " is not among the model's input_layers");
                }
                layer(
                        e.getValue(),
                        prefix,
                        owners,
                        inbound.get(name).stream().map(n -> prefix + n).toList());
                done.add(name);
                progress = true;
            }
        }
        for (String name : needed) {
            if (!done.contains(name)) {
                throw new ModelLoadException(source + ": the model graph" + where(owners) + " loops back to layer '"
                        + name + "', or reads an input it does not declare");
            }
        }
        return outputNames.stream().map(n -> prefix + n).toList();
    }

    /** Adds a Sequential model's layers, the first reading {@code feed}; returns its output tensor. */
    private String sequential(JsonNode layers, String prefix, List<JsonNode> owners, String feed) {
        String previous = feed;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            if (isInputLayer(layer)) {
                if (i > 0) {
                    throw new ModelLoadException(source + ": the model has an InputLayer '" + nameOf(layer)
                            + "' in the middle of its layers");
                }
                continue;
            }
            layer(layer, prefix, owners, List.of(previous));
            previous = prefix + nameOf(layer);
        }
        return previous;
    }

    /** Adds one layer entry reading {@code inbound}; a nested model is inlined. */
    private void layer(JsonNode entry, String prefix, List<JsonNode> owners, List<String> inbound) {
        String name = nameOf(entry);
        String id = prefix + name;
        String className = entry.path("class_name").asText("");
        JsonNode config = entry.path("config");
        boolean nested = MODELS.contains(className)
                && (config.isArray() || config.path("layers").isArray());
        if (!nested) {
            nodes.add(new Node(entry, id, name, inbound, owners));
            return;
        }
        if (owners.size() >= WeightGroups.MAX_DEPTH) {
            throw new ModelLoadException(
                    source + ": models are nested more than " + WeightGroups.MAX_DEPTH + " deep at '" + id + "'");
        }
        List<JsonNode> inner = concat(owners, List.of(entry));
        if (className.equals("Sequential")) {
            if (inbound.size() != 1) {
                throw new ModelLoadException(source + ": the nested Sequential model '" + name + "' is given "
                        + inbound.size() + " inputs; it takes one");
            }
            JsonNode layers = config.isArray() ? config : config.path("layers");
            aliases.put(id, sequential(layers, id + "/", inner, inbound.get(0)));
        } else {
            List<String> outs = functional(config, id + "/", inner, inbound, null);
            if (outs.size() != 1) {
                throw new ModelLoadException(source + ": the nested model '" + name + "' has " + outs.size()
                        + " outputs; a nested model is served only with one");
            }
            aliases.put(id, outs.get(0));
        }
    }

    private static String where(List<JsonNode> owners) {
        return owners.isEmpty() ? "" : " of nested model '" + nameOf(owners.get(owners.size() - 1)) + "'";
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The layer names of {@code input_layers}/{@code output_layers}: one {@code [name, node, tensor]}, or a list
     * or dict of them.
     */
    private static List<String> names(JsonNode spec, String key, String source) {
        List<String> names = new ArrayList<>();
        if (isTensorRef(spec)) {
            names.add(refName(spec, key, source));
        } else if (spec.isArray() || spec.isObject()) {
            for (JsonNode ref : spec) {
                if (!isTensorRef(ref)) {
                    throw new ModelLoadException(source + ": cannot read '" + key + "' in the model config: " + spec);
                }
                names.add(refName(ref, key, source));
            }
        } else {
            throw new ModelLoadException(source + ": the model config has no '" + key + "'");
        }
        return names;
    }

    /** {@code [name, node_index, tensor_index]} (Keras 2 node entries add a kwargs dict as a fourth element). */
    private static boolean isTensorRef(JsonNode n) {
        return n.isArray()
                && n.size() >= 3
                && n.size() <= 4
                && n.get(0).isTextual()
                && n.get(1).isIntegralNumber()
                && n.get(2).isIntegralNumber();
    }

    /**
     * The tensor a reference points to: the layer's name for its output #0, {@code name#k} for its output #k (a
     * recurrent layer's returned state).
     */
    private static String refName(JsonNode ref, String where, String source) {
        String name = ref.get(0).asText();
        int k = ref.get(2).asInt();
        if (k < 0) {
            throw new ModelLoadException(source + ": " + where + " uses output #" + k + " of layer '" + name + "'");
        }
        return k == 0 ? name : name + OUTPUT + k;
    }

    /** Between a layer's id and the number of one of its further outputs: {@code lstm#1}. */
    static final String OUTPUT = "#";

    /** The layer whose output a tensor is. */
    static String layerOf(String tensor) {
        int at = tensor.indexOf(OUTPUT);
        return at < 0 ? tensor : tensor.substring(0, at);
    }

    /** Which of its layer's outputs a tensor is: 0 for the first. */
    static int outputOf(String tensor) {
        int at = tensor.indexOf(OUTPUT);
        return at < 0 ? 0 : Integer.parseInt(tensor.substring(at + 1));
    }

    /** The tensors feeding {@code layer}, in order; refuses a layer applied more than once. */
    private List<String> inboundLayers(String layer, JsonNode entry, Set<String> known) {
        JsonNode nodes = entry.path("inbound_nodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            return List.of();
        }
        if (nodes.size() > 1) {
            throw new ModelLoadException(source + ": layer '" + layer + "' is applied " + nodes.size()
                    + " times (a shared layer, one set of weights for several inputs), which cannot be served");
        }
        JsonNode node = nodes.get(0);
        List<String> refs = new ArrayList<>();
        String where = "layer '" + layer + "'";
        if (node.isObject()) {
            // Keras 3: {"args": [...], "kwargs": {...}}, tensors anywhere inside as __keras_tensor__ objects.
            collectKeras3(node.path("args"), refs, where);
            node.path("kwargs").fields().forEachRemaining(e -> {
                if (!NOT_DATA.contains(e.getKey())) {
                    collectKeras3(e.getValue(), refs, where);
                }
            });
        } else if (node.isArray()) {
            // Keras 2 / TF.js: [[name, node, tensor, kwargs], ...]; kwargs may reference more tensors
            // (e.g. initial_state) as [name, node, tensor].
            for (JsonNode ref : node) {
                if (!isTensorRef(ref)) {
                    throw new ModelLoadException(
                            source + ": cannot read the inbound nodes of layer '" + layer + "': " + node);
                }
                refs.add(refName(ref, where, source));
                if (ref.size() == 4) {
                    ref.get(3).fields().forEachRemaining(e -> {
                        if (!NOT_DATA.contains(e.getKey())) {
                            collectKeras2Kwargs(e.getValue(), known, refs, where);
                        }
                    });
                }
            }
        } else {
            throw new ModelLoadException(source + ": cannot read the inbound nodes of layer '" + layer + "': " + node);
        }
        for (String ref : refs) {
            if (!known.contains(layerOf(ref))) {
                throw new ModelLoadException(source + ": layer '" + layer + "' is fed by layer '" + ref
                        + "', which the model config does not define");
            }
        }
        return List.copyOf(refs);
    }

    private void collectKeras3(JsonNode n, List<String> refs, String where) {
        if (n.isObject() && "__keras_tensor__".equals(n.path("class_name").asText())) {
            JsonNode history = n.path("config").path("keras_history");
            if (!isTensorRef(history)) {
                throw new ModelLoadException(source + ": cannot read a tensor reference of " + where + ": " + n);
            }
            refs.add(refName(history, where, source));
            return;
        }
        for (JsonNode child : n) {
            collectKeras3(child, refs, where);
        }
    }

    private void collectKeras2Kwargs(JsonNode n, Set<String> known, List<String> refs, String where) {
        if (isTensorRef(n) && known.contains(n.get(0).asText())) {
            refs.add(refName(n, where, source));
            return;
        }
        for (JsonNode child : n) {
            collectKeras2Kwargs(child, known, refs, where);
        }
    }

    static boolean isInputLayer(JsonNode layer) {
        return "InputLayer".equals(layer.path("class_name").asText());
    }

    /** A layer entry's name: {@code name} beside {@code config} in Functional entries, else {@code config.name}. */
    static String nameOf(JsonNode layer) {
        String name = layer.path("name").asText("");
        return name.isEmpty() ? layer.path("config").path("name").asText("") : name;
    }
}
