package lstmjob.model.load;

import static lstmjob.model.load.Descriptions.json;
import static lstmjob.model.load.Descriptions.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import lstmjob.model.Model;
import lstmjob.model.ModelInput;
import lstmjob.model.ModelLoadException;
import lstmjob.model.ModelOutput;
import lstmjob.model.load.ModelDescription.Flavor;
import org.junit.jupiter.api.Test;

/** Graphs with merge layers: what the builder serves and what it refuses, naming the layer. */
class MergeModelsTest {

    private static LayerDescription node(String cls, String name, String config, List<String> in, Tensor... w) {
        return new LayerDescription(cls, name, json(config), List.of(w), name, in);
    }

    private static ModelDescription graph(List<LayerDescription> layers, String... outputs) {
        List<ModelDescription.Output> outs = java.util.Arrays.stream(outputs)
                .map(o -> new ModelDescription.Output(o, o))
                .toList();
        return ModelDescription.graph(
                "keras3-zip",
                "3.12.0",
                Flavor.KERAS3,
                layers,
                List.of(new ModelDescription.Input("a", 3, 3), new ModelDescription.Input("b", 2, 3)),
                outs);
    }

    private static LayerDescription lstm(String name, String in, int inSize, int units, boolean seq) {
        return node(
                "LSTM",
                name,
                "{'units':" + units + ",'return_sequences':" + seq + "}",
                List.of(in),
                t(inSize, 4 * units),
                t(units, 4 * units),
                t(4 * units));
    }

    @Test
    void inputsOutputsAndSizesFollowTheGraph() {
        Model m = ModelBuilder.build(
                graph(
                        List.of(
                                node("Concatenate", "cat", "{'axis':-1}", List.of("a", "b")),
                                lstm("lstm", "cat", 5, 4, true),
                                node("Dense", "d", "{'units':4}", List.of("b"), t(2, 4), t(4)),
                                node("Add", "sum", "{}", List.of("lstm", "d"))),
                        "sum",
                        "d"),
                "g.keras");
        assertEquals(List.of(ModelInput.features("a", 3), ModelInput.features("b", 2)), m.inputs());
        assertEquals(List.of(new ModelOutput("sum", 4), new ModelOutput("d", 4)), m.outputs());
        assertEquals(5, m.inputSize());
        assertEquals(8, m.outputSize());
        assertEquals(8, m.stateLayout().floats());
    }

    @Test
    void aSequenceMergedWithAVectorIsRefusedNamingTheLayer() {
        ModelDescription d = graph(
                List.of(
                        lstm("seq", "a", 3, 2, true),
                        lstm("last", "b", 2, 2, false),
                        node("Multiply", "mul", "{}", List.of("seq", "last"))),
                "mul");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "g.keras"));
        assertEquals(
                "g.keras: layer 'mul' (Multiply): it merges tensors of different ranks [sequence of 2, vector of 2] "
                        + "(a sequence with one vector per sequence); only tensors of one shape can be merged",
                e.getMessage());
    }

    @Test
    void mergedSizesMustMatch() {
        ModelDescription d = graph(List.of(node("Maximum", "max", "{}", List.of("a", "b"))), "max");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "g.keras"));
        assertEquals(
                "g.keras: layer 'max' (Maximum): its inputs have different sizes [3, 2]; only inputs of one size "
                        + "can be merged element by element (no broadcasting)",
                e.getMessage());
    }

    @Test
    void concatenatingOverTimeIsRefused() {
        ModelDescription d = graph(List.of(node("Concatenate", "cat", "{'axis':1}", List.of("a", "b"))), "cat");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "g.keras"));
        assertEquals(
                "g.keras: layer 'cat' (Concatenate): it concatenates over axis 1; only the feature axis (-1) can be "
                        + "served one timestep at a time",
                e.getMessage());
    }

    @Test
    void aReturnedStateReadByALayerIsRefused() {
        ModelDescription d = graph(
                List.of(
                        lstm("lstm", "a", 3, 2, true),
                        node("Dense", "d", "{'units':2}", List.of("lstm#1"), t(2, 2), t(2)),
                        node("Add", "sum", "{}", List.of("lstm", "d"))),
                "sum");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "g.keras"));
        assertEquals(
                "g.keras: layer 'd' (Dense): it reads the state that layer 'lstm' returns (its output #1); a "
                        + "returned state is served only as the model's output, bound to the key's state",
                e.getMessage());
    }

    @Test
    void anInitialStateFromALayerIsRefused() {
        LayerDescription lstm = lstm("lstm", "a", 3, 2, true);
        LayerDescription fromLayer =
                new LayerDescription("LSTM", "lstm", lstm.config(), lstm.weights(), "lstm", List.of("a", "h", "h"));
        ModelDescription d =
                graph(List.of(node("Dense", "h", "{'units':2}", List.of("b"), t(2, 2), t(2)), fromLayer), "lstm");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "g.keras"));
        assertEquals("g.keras: layer 'lstm' (LSTM): it is given 3 inputs; it takes one", e.getMessage());
    }

    @Test
    void initialStatesFromInputsMustMatchTheStateVectors() {
        LayerDescription lstm = lstm("lstm", "a", 3, 2, true);
        // One input for an LSTM's two state vectors.
        LayerDescription oneState =
                new LayerDescription("LSTM", "lstm", lstm.config(), lstm.weights(), "lstm", List.of("a", "b"));
        ModelDescription d = graph(List.of(oneState), "lstm");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "g.keras"));
        assertEquals(
                "g.keras: layer 'lstm' (LSTM): its initial state is given by inputs [b], which do not match its 2 "
                        + "state vectors of 2",
                e.getMessage());
    }
}
