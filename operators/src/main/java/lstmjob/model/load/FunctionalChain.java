package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lstmjob.model.ModelLoadException;

/**
 * Reads a Functional model's graph (Keras {@code Model}/{@code Functional} config, Keras 2, Keras 3 and TF.js
 * spellings) and returns its layers as the single chain from the one input to the one output, or refuses a graph
 * that is not such a chain: the job steps layers one after the other, so branches, merges, shared layers and
 * extra inputs or outputs cannot be served.
 */
public final class FunctionalChain {

    private FunctionalChain() {}

    /**
     * The layer entries of a Functional model in order from input to output.
     *
     * @param modelConfig the model config, either the whole {@code {"class_name": "Functional", "config": {...}}}
     *                    object or its inner {@code config} (the one holding {@code layers}, {@code input_layers},
     *                    {@code output_layers})
     * @param source      the file name, for messages
     * @return the entries of {@code config.layers} (each with {@code class_name}, {@code config}, {@code name},
     * {@code inbound_nodes}), the first being the input layer (an {@code InputLayer}) and the last the output layer
     * @throws ModelLoadException if the model has more than one input or output, or is not a single chain
     */
    public static List<JsonNode> layers(JsonNode modelConfig, String source) {
        JsonNode config = modelConfig.has("layers") ? modelConfig : modelConfig.path("config");
        JsonNode layerList = config.path("layers");
        if (!layerList.isArray()) {
            throw new ModelLoadException(source + ": the model config has no list of layers");
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode layer : layerList) {
            String name = nameOf(layer);
            if (name.isEmpty()) {
                throw new ModelLoadException(source + ": a layer in the model config has no name");
            }
            byName.put(name, layer);
        }
        String input = single(endpoints(config.path("input_layers"), "input_layers", source), "input", source);
        String output = single(endpoints(config.path("output_layers"), "output_layers", source), "output", source);
        for (String end : List.of(input, output)) {
            if (!byName.containsKey(end)) {
                throw new ModelLoadException(source + ": the model config names layer '" + end
                        + "' as its input or output, but has no such layer");
            }
        }

        // Every layer's inputs, and from them every layer's consumers, in config order.
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        byName.keySet().forEach(n -> consumers.put(n, new ArrayList<>()));
        for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
            for (String from : inboundLayers(e.getKey(), e.getValue(), byName.keySet(), source)) {
                consumers.get(from).add(e.getKey());
            }
        }

        List<JsonNode> chain = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        String current = input;
        while (true) {
            chain.add(byName.get(current));
            visited.add(current);
            if (current.equals(output)) {
                break;
            }
            List<String> next = consumers.get(current);
            if (next.isEmpty()) {
                throw new ModelLoadException(source + ": layer '" + current + "' leads nowhere: the output layer '"
                        + output + "' is not reached from the input by a single chain of layers");
            }
            if (next.size() > 1) {
                throw new ModelLoadException(source + ": the model branches after layer '" + current + "' (into "
                        + String.join(", ", next) + "); only a single chain of layers can be served");
            }
            current = next.get(0);
            if (visited.contains(current)) {
                throw new ModelLoadException(source + ": the model graph loops back to layer '" + current + "'");
            }
        }
        for (String name : byName.keySet()) {
            if (!visited.contains(name)) {
                throw new ModelLoadException(source + ": layer '" + name + "' is not on the chain from input '" + input
                        + "' to output '" + output + "'; only a single chain of layers can be served");
            }
        }
        return chain;
    }

    /**
     * The layer names of {@code input_layers}/{@code output_layers}: one {@code [name, node, tensor]}, or a list
     * or dict of them.
     */
    private static List<String> endpoints(JsonNode spec, String key, String source) {
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

    private static String single(List<String> names, String what, String source) {
        if (names.size() != 1) {
            throw new ModelLoadException(source + ": the model has " + names.size() + " " + what + "s ("
                    + String.join(", ", names) + "); only single-input single-output models can be served");
        }
        return names.get(0);
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

    /** The layer a tensor reference points to; output #k > 0 of a layer (e.g. an RNN's returned state) is refused. */
    private static String refName(JsonNode ref, String where, String source) {
        String name = ref.get(0).asText();
        if (ref.get(2).asInt() != 0) {
            throw new ModelLoadException(
                    source + ": " + where + " uses output #" + ref.get(2).asInt() + " of layer '" + name
                            + "' (e.g. a returned RNN state); only a single chain of layers can be served");
        }
        return name;
    }

    /** The distinct layers feeding {@code layer}; refuses a layer called more than once or fed by several tensors. */
    private static Set<String> inboundLayers(String layer, JsonNode entry, Set<String> known, String source) {
        JsonNode nodes = entry.path("inbound_nodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            return Set.of();
        }
        if (nodes.size() > 1) {
            throw new ModelLoadException(source + ": layer '" + layer + "' is applied " + nodes.size()
                    + " times (a shared layer); only a single chain of layers can be served");
        }
        JsonNode node = nodes.get(0);
        List<String> refs = new ArrayList<>();
        String where = "layer '" + layer + "'";
        if (node.isObject()) {
            // Keras 3: {"args": [...], "kwargs": {...}}, tensors anywhere inside as __keras_tensor__ objects.
            collectKeras3(node, refs, where, source);
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
                    collectKeras2Kwargs(ref.get(3), known, refs, where, source);
                }
            }
        } else {
            throw new ModelLoadException(source + ": cannot read the inbound nodes of layer '" + layer + "': " + node);
        }
        if (refs.size() > 1) {
            throw new ModelLoadException(source + ": layer '" + layer + "' takes " + refs.size() + " inputs ("
                    + String.join(", ", refs) + "); only a single chain of layers can be served");
        }
        for (String ref : refs) {
            if (!known.contains(ref)) {
                throw new ModelLoadException(source + ": layer '" + layer + "' is fed by layer '" + ref
                        + "', which the model config does not define");
            }
        }
        return new LinkedHashSet<>(refs);
    }

    private static void collectKeras3(JsonNode n, List<String> refs, String where, String source) {
        if (n.isObject() && "__keras_tensor__".equals(n.path("class_name").asText())) {
            JsonNode history = n.path("config").path("keras_history");
            if (!isTensorRef(history)) {
                throw new ModelLoadException(source + ": cannot read a tensor reference of " + where + ": " + n);
            }
            refs.add(refName(history, where, source));
            return;
        }
        for (JsonNode child : n) {
            collectKeras3(child, refs, where, source);
        }
    }

    private static void collectKeras2Kwargs(
            JsonNode n, Set<String> known, List<String> refs, String where, String source) {
        if (isTensorRef(n) && known.contains(n.get(0).asText())) {
            refs.add(refName(n, where, source));
            return;
        }
        for (JsonNode child : n) {
            collectKeras2Kwargs(child, known, refs, where, source);
        }
    }

    /** A layer entry's name: {@code name} beside {@code config} in Functional entries, else {@code config.name}. */
    static String nameOf(JsonNode layer) {
        String name = layer.path("name").asText("");
        return name.isEmpty() ? layer.path("config").path("name").asText("") : name;
    }
}
