package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import lstmjob.model.ModelLoadException;
import org.junit.jupiter.api.Test;

class KerasGraphTest {

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

    private static List<String> names(KerasGraph.Graph graph) {
        return graph.nodes().stream().map(KerasGraph.Node::id).toList();
    }

    private static KerasGraph.Graph graph(JsonNode m, String source) {
        return KerasGraph.functional(m.has("layers") ? m : m.get("config"), source);
    }

    private static List<String> inbound(KerasGraph.Graph g, String id) {
        return g.nodes().stream()
                .filter(n -> n.id().equals(id))
                .findFirst()
                .orElseThrow()
                .inbound();
    }

    private static List<String> outputs(KerasGraph.Graph g) {
        return g.outputs().stream().map(o -> o.name() + "=" + o.tensor()).toList();
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
        KerasGraph.Graph g = graph(m, "m.h5");
        assertEquals(List.of("lstm_1", "dropout_1", "dense_1"), names(g));
        assertEquals(List.of("input_1"), inbound(g, "lstm_1"));
        assertEquals(List.of("lstm_1"), inbound(g, "dropout_1"));
        assertEquals("LSTM", g.nodes().get(0).entry().path("class_name").asText());
        assertEquals(
                List.of("input_1"),
                g.inputs().stream().map(KerasGraph.Input::name).toList());
        assertEquals(List.of("dense_1=dense_1"), outputs(g));
        // The inner config is accepted as well as the whole model object.
        assertEquals(names(g), names(graph(m.get("config"), "m.h5")));
    }

    @Test
    void layersFollowTheGraphNotTheListOrder() throws Exception {
        JsonNode m = model(
                "Functional",
                "[[\"in\", 0, 0]]",
                "[[\"b\", 0, 0]]",
                k2("Dense", "b", k2In("a")),
                k2("InputLayer", "in", "[]"),
                k2("GRU", "a", k2In("in")));
        assertEquals(List.of("a", "b"), names(graph(m, "m")));
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
        assertEquals(List.of("lstm", "dense"), names(graph(m, "m.keras")));
    }

    @Test
    void keras3MaskOperationsAreNotLayers() throws Exception {
        // Keras 3 records a Masking's mask as NotEqual/Any operations that feed only the RNN's mask argument.
        JsonNode m = model(
                "Functional",
                "[\"in\", 0, 0]",
                "[\"gru\", 0, 0]",
                k3("InputLayer", "in", null, null),
                k3("NotEqual", "not_equal", "[" + tensor("in", 0) + ", 0.0]", "{}"),
                k3("Masking", "masking", "[" + tensor("in", 0) + "]", "{}"),
                k3("Any", "any", "[" + tensor("not_equal", 0) + "]", "{}"),
                k3("GRU", "gru", "[" + tensor("masking", 0) + "]", "{\"mask\": " + tensor("any", 0) + "}"));
        KerasGraph.Graph g = graph(m, "m.keras");
        assertEquals(List.of("masking", "gru"), names(g));
        assertEquals(List.of("masking"), inbound(g, "gru"));
    }

    @Test
    void twoInputsMergedAndNamed() throws Exception {
        JsonNode m = model(
                "Functional",
                "[[\"b\", 0, 0], [\"a\", 0, 0]]",
                "[\"out\", 0, 0]",
                k3("InputLayer", "a", null, null),
                k3("InputLayer", "b", null, null),
                k3("Concatenate", "cat", "[[" + tensor("a", 0) + ", " + tensor("b", 0) + "]]", "{}"),
                k3("Dense", "out", "[" + tensor("cat", 0) + "]", "{}"));
        KerasGraph.Graph g = graph(m, "two.keras");
        // The inputs in input_layers order, not the list's.
        assertEquals(
                List.of("b", "a"),
                g.inputs().stream().map(KerasGraph.Input::name).toList());
        assertEquals(List.of("a", "b"), inbound(g, "cat"));
        assertEquals(List.of("out=out"), outputs(g));
    }

    @Test
    void branchesMergeAndSeveralOutputs() throws Exception {
        JsonNode m = model(
                "Model",
                "[[\"in\", 0, 0]]",
                "[[\"add\", 0, 0], [\"dense_b\", 0, 0]]",
                k2("InputLayer", "in", "[]"),
                k2("LSTM", "lstm", k2In("in")),
                k2("Dense", "dense_a", k2In("lstm")),
                k2("Dense", "dense_b", k2In("lstm")),
                k2("Add", "add", k2In("dense_a", "dense_b")));
        KerasGraph.Graph g = graph(m, "b.h5");
        assertEquals(List.of("lstm", "dense_a", "dense_b", "add"), names(g));
        assertEquals(List.of("dense_a", "dense_b"), inbound(g, "add"));
        assertEquals(List.of("add=add", "dense_b=dense_b"), outputs(g));
    }

    @Test
    void whatNoOutputDependsOnIsLeftOut() throws Exception {
        JsonNode m = model(
                "Functional",
                "[\"in\", 0, 0]",
                "[\"dense\", 0, 0]",
                k3("InputLayer", "in", null, null),
                k3("LSTM", "lstm", "[" + tensor("in", 0) + "]", "{}"),
                k3("Dense", "dense", "[" + tensor("lstm", 0) + "]", "{}"),
                k3("Dense", "side", "[" + tensor("lstm", 0) + "]", "{}"));
        assertEquals(List.of("lstm", "dense"), names(graph(m, "s.keras")));
    }

    @Test
    void sharedLayerIsRefused() throws Exception {
        JsonNode m = model(
                "Model",
                "[[\"in\", 0, 0]]",
                "[[\"d\", 1, 0]]",
                k2("InputLayer", "in", "[]"),
                k2("Dense", "d", "[[[\"in\", 0, 0, {}]], [[\"d\", 0, 0, {}]]]"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> graph(m, "s.h5"));
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
        assertEquals(List.of("in", "init"), inbound(graph(m, "k.keras"), "gru"));
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
        assertEquals(List.of("in", "init"), inbound(graph(m, "k.h5"), "gru"));
    }

    @Test
    void returnedStateIsTheLayersFurtherOutput() throws Exception {
        JsonNode m = model(
                "Functional",
                "[\"in\", 0, 0]",
                "[\"lstm\", 0, 1]",
                k3("InputLayer", "in", null, null),
                k3("LSTM", "lstm", "[" + tensor("in", 0) + "]", "{}"));
        assertEquals(List.of("lstm=lstm#1"), outputs(graph(m, "r.keras")));
    }

    @Test
    void unknownEndpointIsRefused() throws Exception {
        JsonNode m = model("Model", "[[\"in\", 0, 0]]", "[[\"missing\", 0, 0]]", k2("InputLayer", "in", "[]"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> graph(m, "u.h5"));
        assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
    }

    @Test
    void nestedModelsAreInlined() throws Exception {
        // A Keras 3 Sequential (with its InputLayer) and a Keras 2 style Functional, each used as a layer.
        String sequential = """
                {"module": "keras", "class_name": "Sequential", "name": "encoder",
                 "config": {"name": "encoder", "layers": [
                   {"class_name": "InputLayer", "config": {"name": "enc_in", "batch_shape": [null, null, 3]}},
                   {"class_name": "LSTM", "config": {"name": "lstm"}},
                   {"class_name": "Dense", "config": {"name": "dense"}}]},
                 "inbound_nodes": [{"args": [%s], "kwargs": {}}]}""".formatted(tensor("in", 0));
        String functional = """
                {"class_name": "Functional", "name": "head",
                 "config": {"name": "head", "layers": [
                   {"class_name": "InputLayer", "name": "h_in", "config": {"name": "h_in"}, "inbound_nodes": []},
                   {"class_name": "Dense", "name": "dense", "config": {"name": "dense"},
                    "inbound_nodes": [[["h_in", 0, 0, {}]]]}],
                  "input_layers": [["h_in", 0, 0]], "output_layers": [["dense", 0, 0]]},
                 "inbound_nodes": [{"args": [%s], "kwargs": {}}]}""".formatted(tensor("encoder", 0));
        JsonNode m = model(
                "Functional",
                "[\"in\", 0, 0]",
                "[\"head\", 0, 0]",
                k3("InputLayer", "in", null, null),
                sequential,
                functional);
        KerasGraph.Graph g = graph(m, "n.keras");
        assertEquals(List.of("encoder/lstm", "encoder/dense", "head/dense"), names(g));
        assertEquals(List.of("in"), inbound(g, "encoder/lstm"));
        assertEquals(List.of("encoder/dense"), inbound(g, "head/dense"));
        assertEquals(List.of("head=head/dense"), outputs(g));
        assertEquals("dense", g.nodes().get(2).name());
        assertEquals(
                List.of("head"),
                g.nodes().get(2).owners().stream().map(KerasGraph::nameOf).toList());
    }
}
