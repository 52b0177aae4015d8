package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelLoadException;

/**
 * A Keras model config ({@code model_config} of an HDF5 file, {@code config.json} of a {@code .keras} archive)
 * read into the chain of layers the job serves, for the Keras readers: Sequential in its list form (Keras 2.0–2.2)
 * and object form, and Functional ({@code Model}/{@code Functional}) via {@link FunctionalChain}.
 *
 * @param allLayers every layer entry of the config in the order written (Keras 3 derives weight paths from it)
 * @param chain     the layer entries from input to output, InputLayer removed
 * @param inputSize features per timestep (last axis of the input shape), -1 when the config does not say
 * @param inputName the InputLayer's name, or as Keras names the input of a model without one
 */
record KerasModelConfig(List<JsonNode> allLayers, List<JsonNode> chain, int inputSize, String inputName) {

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
        List<JsonNode> chain;
        switch (className) {
            case "Sequential" -> {
                // Keras 2.0-2.2 write the layer list as the config itself; later versions under "layers".
                JsonNode layers = config.isArray() ? config : config.path("layers");
                if (!layers.isArray()) {
                    throw new ModelLoadException(source + ": the Sequential model config has no list of layers");
                }
                layers.forEach(all::add);
                chain = new ArrayList<>(all);
            }
            case "Functional", "Model" -> {
                config.path("layers").forEach(all::add);
                chain = new ArrayList<>(chainOf(config, all, source));
            }
            case "" -> throw new ModelLoadException(source + ": the model config names no model class");
            default ->
                throw new ModelLoadException(source + ": the model is a '" + className
                        + "' (a subclassed or custom model); only Sequential and Functional models can be read");
        }
        JsonNode input = !chain.isEmpty() && isInputLayer(chain.get(0)) ? chain.remove(0) : null;
        for (JsonNode layer : chain) {
            if (isInputLayer(layer)) {
                throw new ModelLoadException(
                        source + ": the model has an InputLayer '" + name(layer) + "' in the middle of its layers");
            }
        }
        if (chain.isEmpty()) {
            throw new ModelLoadException(source + ": the model has no layers");
        }
        return new KerasModelConfig(
                List.copyOf(all),
                List.copyOf(chain),
                inputSize(input, chain.get(0), config),
                input != null ? name(input) : name(chain.get(0)) + "_input");
    }

    /** The chain of a Functional model; a graph that is not one is refused naming its blocking layers too. */
    private static List<JsonNode> chainOf(JsonNode config, List<JsonNode> all, String source) {
        try {
            return FunctionalChain.layers(config, source);
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

    /** The chain's layers described, each with its weights ({@code weights} in chain order). */
    List<LayerDescription> describe(List<List<Tensor>> weights) {
        List<LayerDescription> layers = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            JsonNode layer = chain.get(i);
            layers.add(new LayerDescription(
                    layer.path("class_name").asText(), name(layer), layer.path("config"), weights.get(i)));
        }
        return List.copyOf(layers);
    }

    static boolean isInputLayer(JsonNode layer) {
        return "InputLayer".equals(layer.path("class_name").asText());
    }

    /** The layer's name: {@code name} beside {@code config} in Functional entries, {@code config.name} otherwise. */
    static String name(JsonNode layer) {
        return FunctionalChain.nameOf(layer);
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
