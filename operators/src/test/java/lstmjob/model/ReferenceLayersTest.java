package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rescaling, PReLU, Normalization and RNN over LSTMCell, GRUCell, SimpleRNNCell and StackedRNNCells give, one
 * timestep at a time, the outputs TensorFlow.js (or, for Normalization, numpy) computes over each key's whole
 * sequence: the models, streams and expected outputs of {@code tools/reference}.
 */
class ReferenceLayersTest {

    private static Path root() {
        return Repository.root().resolve("operators/src/test/resources/reference");
    }

    /** Each case: its folder, and the layers the loaded model has, as the summary's table names them. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "rescaling-prelu-lstm",
                        List.of("rescaling (Rescaling)", "prelu (PReLU)", "lstm (LSTM)", "dense (Dense)")),
                Arguments.of("rnn-lstm-cell", List.of("rnn (RNN(LSTMCell))", "prelu (PReLU)", "dense (Dense)")),
                Arguments.of(
                        "rnn-stacked-gru-simple",
                        List.of("rnn/cell_0 (RNN(GRUCell))", "rnn/cell_1 (RNN(SimpleRNNCell))", "dense (Dense)")),
                Arguments.of(
                        "rnn-stacked-lstm",
                        List.of("stacked/cell_0 (RNN(LSTMCell))", "stacked/cell_1 (RNN(LSTMCell))", "dense (Dense)")),
                Arguments.of(
                        "rnn-stacked-simple-lstm",
                        List.of("rnn/cell_0 (RNN(SimpleRNNCell))", "rnn/cell_1 (RNN(LSTMCell))", "dense (Dense)")),
                Arguments.of(
                        "masking-rnn-stacked",
                        List.of(
                                "masking (Masking)",
                                "rnn/cell_0 (RNN(LSTMCell))",
                                "rnn/cell_1 (RNN(GRUCell))",
                                "dense (Dense)")),
                Arguments.of(
                        "prelu-shared-rescaling-gru",
                        List.of("rescaling (Rescaling)", "prelu (PReLU)", "gru (GRU)", "dense (Dense)")),
                Arguments.of(
                        "normalization-adapted",
                        List.of("normalization (Normalization)", "simple_rnn (SimpleRNN)", "dense (Dense)")),
                Arguments.of(
                        "normalization-config-invert",
                        List.of("normalization (Normalization)", "simple_rnn (SimpleRNN)", "dense (Dense)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneKeyAtATimeMatchesTheReference(String name, List<String> layers) {
        Path dir = root().resolve(name);
        Model m = Models.load(dir.resolve("model.json"));
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(dir.resolve("expected.jsonl"));
        ExpectedOutputs.assertMatches(want, StreamParity.run(m, dir.resolve("stream.jsonl")), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keysSteppedInBundlesMatchTheReference(String name, List<String> layers) {
        Path dir = root().resolve(name);
        Model m = Models.load(dir.resolve("model.json"));
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(dir.resolve("expected.jsonl"));
        ExpectedOutputs.assertMatches(
                want, StreamParity.runInBundles(m, dir.resolve("stream.jsonl"), 2), name + " (bundles of 2)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void summaryNamesEachLayer(String name, List<String> layers) {
        Model m = Models.load(root().resolve(name).resolve("model.json"));
        List<String> rows =
                m.layers().stream().map(l -> l.name() + " (" + l.type() + ")").toList();
        assertEquals(layers, rows, name);
        String summary = ModelSummary.of(m);
        layers.forEach(row -> assertEquals(true, summary.contains(row), name + ": summary lacks " + row));
    }
}
