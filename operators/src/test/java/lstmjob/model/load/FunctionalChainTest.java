package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import lstmjob.model.ModelLoadException;
import org.junit.jupiter.api.Test;

class FunctionalChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- Keras 2 / tf.keras / TF.js spelling: inbound_nodes [[["name", 0, 0, {}]]] ----

    private static final String K2_LAYER = """
            {"class_name": "%s", "config": {"name": "%s"}, "name": "%s", "inbound_nodes": %s}""";

    private static String k2(String className, String name, String inbound) {
        return K2_LAYER.formatted(className, name, name, inbound);
    }

    private static String k2In(String... from) {
        StringBuilder sb = new StringBuilder("[[");
        for (int i = 0; i < from.length; i++) {
            sb.append(i > 0 ? ", " : "").append("[\"").append(from[i]).append("\", 0, 0, {}]");
        }
        return sb.append("]]").toString();
    }

    private static final String MODEL = """
            {"class_name": "%s", "config": {"name": "model", "layers": [%s],
             "input_layers": %s, "output_layers": %s}}""";

    private static JsonNode model(String className, String inputs, String outputs, String... layers) throws Exception {
        return JSON.readTree(MODEL.formatted(className, String.join(",\n", layers), inputs, outputs));
    }

    // ---- Keras 3 spelling: inbound_nodes [{"args": [__keras_tensor__ ...], "kwargs": {...}}] ----

    private static String tensor(String from, int tensorIndex) {
        return """
                {"class_name": "__keras_tensor__", "config": {"shape": [null, null, 3], "dtype": "float32",
                 "keras_history": ["%s", 0, %d]}}""".formatted(from, tensorIndex);
    }

    private static String k3(String className, String name, String args, String kwargs) {
        String nodes = args == null ? "[]" : "[{\"args\": " + args + ", \"kwargs\": " + kwargs + "}]";
        return """
                {"module": "keras.layers", "class_name": "%s", "config": {"name": "%s", "trainable": true},
                 "registered_name": null, "name": "%s", "inbound_nodes": %s}""".formatted(className, name, name, nodes);
    }

    private static List<String> names(List<JsonNode> chain) {
        return chain.stream().map(FunctionalChain::nameOf).toList();
    }

    @Test
    void keras2ChainInLayerOrder() throws Exception {
        JsonNode m = model(
                "Model",
                "[[\"input_1\", 0, 0]]",
                "[[\"dense_1\", 0, 0]]",
                k2("InputLayer", "input_1", "[]"),
                k2("LSTM", "lstm_1", k2In("input_1")),
                k2("Dropout", "dropout_1", k2In("lstm_1")),
                k2("Dense", "dense_1", k2In("dropout_1")));
        List<JsonNode> chain = FunctionalChain.layers(m, "m.h5");
        assertEquals(List.of("input_1", "lstm_1", "dropout_1", "dense_1"), names(chain));
        assertEquals("LSTM", chain.get(1).path("class_name").asText());
        // The inner config is accepted as well as the whole model object.
        assertEquals(names(chain), names(FunctionalChain.layers(m.get("config"), "m.h5")));
    }

    @Test
    void chainFollowsTheGraphNotTheListOrder() throws Exception {
        JsonNode m = model(
                "Functional",
                "[[\"in\", 0, 0]]",
                "[[\"b\", 0, 0]]",
                k2("Dense", "b", k2In("a")),
                k2("InputLayer", "in", "[]"),
                k2("GRU", "a", k2In("in")));
        assertEquals(List.of("in", "a", "b"), names(FunctionalChain.layers(m, "m")));
    }

    @Test
    void keras3ChainWithFlatInputAndOutput() throws Exception {
        JsonNode m = model(
                "Functional",
                "[\"input_layer\", 0, 0]",
                "[\"dense\", 0, 0]",
                k3("InputLayer", "input_layer", null, null),
                k3("LSTM", "lstm", "[" + tensor("input_layer", 0) + "]", "{\"training\": false, \"mask\": null}"),
                k3("Dense", "dense", "[" + tensor("lstm", 0) + "]", "{}"));
        assertEquals(List.of("input_layer", "lstm", "dense"), names(FunctionalChain.layers(m, "m.keras")));
    }

    @Test
    void keras3ListOfOneInput() throws Exception {
        JsonNode m = model(
                "Functional",
                "[[\"input_layer\", 0, 0]]",
                "[[\"dense\", 0, 0]]",
                k3("InputLayer", "input_layer", null, null),
                k3("Dense", "dense", "[" + tensor("input_layer", 0) + "]", "{}"));
        assertEquals(List.of("input_layer", "dense"), names(FunctionalChain.layers(m, "m.keras")));
    }

    @Test
    void twoInputsAreRefusedNamingThem() throws Exception {
        JsonNode m = model(
                "Functional",
                "[[\"a\", 0, 0], [\"b\", 0, 0]]",
                "[\"out\", 0, 0]",
                k3("InputLayer", "a", null, null),
                k3("InputLayer", "b", null, null),
                k3("Concatenate", "cat", "[[" + tensor("a", 0) + ", " + tensor("b", 0) + "]]", "{}"),
                k3("Dense", "out", "[" + tensor("cat", 0) + "]", "{}"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "two.keras"));
        assertEquals(
                "two.keras: the model has 2 inputs (a, b); only single-input single-output models can be " + "served",
                e.getMessage());
    }

    @Test
    void twoOutputsAreRefused() throws Exception {
        JsonNode m = model(
                "Model",
                "[[\"in\", 0, 0]]",
                "[[\"x\", 0, 0], [\"y\", 0, 0]]",
                k2("InputLayer", "in", "[]"),
                k2("Dense", "x", k2In("in")),
                k2("Dense", "y", k2In("in")));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "f.h5"));
        assertEquals(
                "f.h5: the model has 2 outputs (x, y); only single-input single-output models can be served",
                e.getMessage());
    }

    @Test
    void branchIsRefusedNamingTheLayer() throws Exception {
        // in -> lstm -> (dense_a -> add) and (dense_b -> add): the branch is met first, at lstm.
        JsonNode m = model(
                "Model",
                "[[\"in\", 0, 0]]",
                "[[\"add\", 0, 0]]",
                k2("InputLayer", "in", "[]"),
                k2("LSTM", "lstm", k2In("in")),
                k2("Dense", "dense_a", k2In("lstm")),
                k2("Dense", "dense_b", k2In("lstm")),
                k2("Add", "add", k2In("dense_a", "dense_b")));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "b.h5"));
        assertTrue(e.getMessage().contains("layer 'add' takes 2 inputs (dense_a, dense_b)"), e.getMessage());
    }

    @Test
    void branchWithoutMergeIsRefused() throws Exception {
        // A side branch that is not an output: lstm feeds both dense and side.
        JsonNode m = model(
                "Functional",
                "[\"in\", 0, 0]",
                "[\"dense\", 0, 0]",
                k3("InputLayer", "in", null, null),
                k3("LSTM", "lstm", "[" + tensor("in", 0) + "]", "{}"),
                k3("Dense", "dense", "[" + tensor("lstm", 0) + "]", "{}"),
                k3("Dense", "side", "[" + tensor("lstm", 0) + "]", "{}"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "s.keras"));
        assertEquals(
                "s.keras: the model branches after layer 'lstm' (into dense, side); only a single chain of "
                        + "layers can be served",
                e.getMessage());
    }

    @Test
    void sharedLayerIsRefused() throws Exception {
        JsonNode m = model(
                "Model",
                "[[\"in\", 0, 0]]",
                "[[\"d\", 1, 0]]",
                k2("InputLayer", "in", "[]"),
                k2("Dense", "d", "[[[\"in\", 0, 0, {}]], [[\"d\", 0, 0, {}]]]"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "s.h5"));
        assertTrue(e.getMessage().contains("layer 'd' is applied 2 times"), e.getMessage());
    }

    @Test
    void keras3TensorInKwargsCountsAsAnInput() throws Exception {
        JsonNode m = model(
                "Functional",
                "[\"in\", 0, 0]",
                "[\"gru\", 0, 0]",
                k3("InputLayer", "in", null, null),
                k3("Dense", "init", "[" + tensor("in", 0) + "]", "{}"),
                k3("GRU", "gru", "[" + tensor("in", 0) + "]", "{\"initial_state\": [" + tensor("init", 0) + "]}"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "k.keras"));
        assertTrue(e.getMessage().contains("layer 'gru' takes 2 inputs (in, init)"), e.getMessage());
    }

    @Test
    void keras2TensorInKwargsCountsAsAnInput() throws Exception {
        JsonNode m = model(
                "Functional",
                "[[\"in\", 0, 0]]",
                "[[\"gru\", 0, 0]]",
                k2("InputLayer", "in", "[]"),
                k2("Dense", "init", k2In("in")),
                k2("GRU", "gru", "[[[\"in\", 0, 0, {\"initial_state\": [[\"init\", 0, 0]]}]]]"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "k.h5"));
        assertTrue(e.getMessage().contains("layer 'gru' takes 2 inputs (in, init)"), e.getMessage());
    }

    @Test
    void returnedStateAsOutputIsRefused() throws Exception {
        JsonNode m = model(
                "Functional",
                "[\"in\", 0, 0]",
                "[\"lstm\", 0, 1]",
                k3("InputLayer", "in", null, null),
                k3("LSTM", "lstm", "[" + tensor("in", 0) + "]", "{}"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "r.keras"));
        assertTrue(e.getMessage().contains("output #1 of layer 'lstm'"), e.getMessage());
    }

    @Test
    void layerOffTheChainIsRefused() throws Exception {
        JsonNode m = model(
                "Model",
                "[[\"in\", 0, 0]]",
                "[[\"d\", 0, 0]]",
                k2("InputLayer", "in", "[]"),
                k2("Dense", "d", k2In("in")),
                k2("Dense", "orphan", "[]"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "o.h5"));
        assertTrue(
                e.getMessage().contains("layer 'orphan' is not on the chain from input 'in' to output 'd'"),
                e.getMessage());
    }

    @Test
    void unknownEndpointIsRefused() throws Exception {
        JsonNode m = model("Model", "[[\"in\", 0, 0]]", "[[\"missing\", 0, 0]]", k2("InputLayer", "in", "[]"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FunctionalChain.layers(m, "u.h5"));
        assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
    }
}
