package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelLoadException;

/**
 * A Keras model config ({@code model_config} of an HDF5 file, {@code config.json} of a {@code .keras} archive)
 * read into the graph of layers the job serves, for the Keras readers: Sequential in its list form (Keras 2.0–2.2)
 * and object form, and Functional ({@code Model}/{@code Functional}) via {@link KerasGraph}, nested models inlined.
 *
 * @param allLayers every layer entry of the config's top level in the order written (Keras 3 derives weight paths
 *                  from it)
 * @param graph     the layers in an order where each comes after those it reads, InputLayers removed; the inputs
 *                  and the outputs
 * @param inputSize features per timestep of the first input (last axis of its shape), -1 when the config does not
 *                  say
 */
record KerasModelConfig(List<JsonNode> allLayers, KerasGraph.Graph graph, int inputSize) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode parseJson(String text, String what, String source) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new ModelLoadException(
                    source + ": the file is truncated or corrupt: its " + what + " is not valid JSON ("
                            + e.getMessage().lines().findFirst().orElse("") + ")",
                    e);
        }
    }

    static KerasModelConfig of(JsonNode model, String source) {
        String className = model.path("class_name").asText("");
        JsonNode config = model.path("config");
        List<JsonNode> all = new ArrayList<>();
        KerasGraph.Graph graph;
        int inputSize;
        switch (className) {
            case "Sequential" -> {
                // Keras 2.0-2.2 write the layer list as the config itself; later versions under "layers".
                JsonNode layers = config.isArray() ? config : config.path("layers");
                if (!layers.isArray()) {
                    throw new ModelLoadException(source + ": the Sequential model config has no list of layers");
                }
                layers.forEach(all::add);
                JsonNode input = !all.isEmpty() && isInputLayer(all.get(0)) ? all.get(0) : null;
                List<JsonNode> rest = input == null ? all : all.subList(1, all.size());
                if (rest.isEmpty()) {
                    throw new ModelLoadException(source + ": the model has no layers");
                }
                graph = KerasGraph.sequential(layers, name(rest.get(0)) + "_input", source);
                inputSize = inputSize(input, rest.get(0), config);
            }
            case "Functional", "Model" -> {
                config.path("layers").forEach(all::add);
                graph = graphOf(config, all, source);
                KerasGraph.Input first =
                        graph.inputs().isEmpty() ? null : graph.inputs().get(0);
                inputSize = first == null || first.entry() == null ? -1 : features(first.entry());
            }
            case "" -> throw new ModelLoadException(source + ": the model config names no model class");
            default ->
                throw new ModelLoadException(source + ": the model is a '" + className
                        + "' (a subclassed or custom model); only Sequential and Functional models can be read");
        }
        if (graph.nodes().isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        return new KerasModelConfig(List.copyOf(all), graph, inputSize);
    }

    /** The graph's layers, in order. */
    List<KerasGraph.Node> nodes() {
        return graph.nodes();
    }

    /** The graph of a Functional model; one that cannot be read is refused naming its blocking layers too. */
    private static KerasGraph.Graph graphOf(JsonNode config, List<JsonNode> all, String source) {
        try {
            return KerasGraph.functional(config, source);
        } catch (ModelLoadException e) {
            Refusals blocking = Refusals.blockingIn(all);
            if (blocking.isEmpty()) {
                throw e;
            }
            // The blocking layers first: they stop the model whatever its graph.
            String graph = e.getMessage().startsWith(source + ": ")
                    ? e.getMessage().substring(source.length() + 2)
                    : e.getMessage();
            throw new ModelLoadException(
                    source + ": "
                            + (blocking.count() == 1
                                    ? ""
                                    : blocking.count() + " layers cannot be served one timestep at a time: ")
                            + blocking + "; besides, " + graph,
                    e);
        }
    }

    /** The graph described, each layer with its weights ({@code weights} in {@link #nodes()} order). */
    ModelDescription describe(
            String format, String version, ModelDescription.Flavor flavor, List<List<Tensor>> weights) {
        List<LayerDescription> layers = new ArrayList<>();
        List<KerasGraph.Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            KerasGraph.Node n = nodes.get(i);
            layers.add(new LayerDescription(
                    n.entry().path("class_name").asText(),
                    n.name(),
                    n.entry().path("config"),
                    weights.get(i),
                    n.id(),
                    n.inbound()));
        }
        List<ModelDescription.Input> inputs = new ArrayList<>();
        for (KerasGraph.Input in : graph.inputs()) {
            int features = in.entry() == null ? -1 : features(in.entry());
            int rank = in.entry() == null ? -1 : shape(in.entry()).size();
            inputs.add(new ModelDescription.Input(in.name(), inputs.isEmpty() ? inputSize : features, rank));
        }
        return ModelDescription.graph(format, version, flavor, List.copyOf(layers), inputs, graph.outputs());
    }

    /** The last axis of an InputLayer's {@code batch_shape} (Keras 3) or {@code batch_input_shape}, -1 if none. */
    static int features(JsonNode inputLayer) {
        JsonNode shape = shape(inputLayer);
        if (!shape.isEmpty()) {
            JsonNode last = shape.get(shape.size() - 1);
            return last.isIntegralNumber() ? last.asInt() : -1;
        }
        return -1;
    }

    /** An InputLayer's {@code batch_shape} or {@code batch_input_shape}; empty when it states none. */
    private static JsonNode shape(JsonNode inputLayer) {
        for (String key : List.of("batch_shape", "batch_input_shape")) {
            JsonNode shape = inputLayer.path("config").path(key);
            if (shape.isArray() && !shape.isEmpty()) {
                return shape;
            }
        }
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }

    static boolean isInputLayer(JsonNode layer) {
        return "InputLayer".equals(layer.path("class_name").asText());
    }

    /** The layer's name: {@code name} beside {@code config} in Functional entries, {@code config.name} otherwise. */
    static String name(JsonNode layer) {
        return KerasGraph.nameOf(layer);
    }

    /**
     * The last axis of the first shape found: the InputLayer's {@code batch_shape} (Keras 3) or
     * {@code batch_input_shape} (Keras 2); the first layer's {@code batch_input_shape}/{@code input_shape}
     * (Keras 2 without InputLayer); its {@code build_config.input_shape} or the Sequential's
     * {@code build_input_shape} (Keras 3 built without an Input).
     */
    private static int inputSize(JsonNode input, JsonNode first, JsonNode modelConfig) {
        List<JsonNode> shapes = new ArrayList<>();
        if (input != null) {
            shapes.add(input.path("config").path("batch_shape"));
            shapes.add(input.path("config").path("batch_input_shape"));
        }
        shapes.add(first.path("config").path("batch_input_shape"));
        shapes.add(first.path("config").path("input_shape"));
        shapes.add(first.path("build_config").path("input_shape"));
        if (modelConfig.isObject()) {
            shapes.add(modelConfig.path("build_input_shape"));
        }
        for (JsonNode shape : shapes) {
            if (shape.isArray() && !shape.isEmpty()) {
                JsonNode last = shape.get(shape.size() - 1);
                return last.isIntegralNumber() ? last.asInt() : -1;
            }
        }
        return -1;
    }
}
