package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated oracle case, in each of its model files, gives the outputs Keras gives (computed by stateful
 * TF.js per key, cross-checked with numpy and PyTorch), one key at a time and with keys stepped in bundles.
 */
class OracleParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> modelFiles() {
        return OracleCases.all().stream().map(c -> Arguments.of(c.toString(), c.model(), c.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void oneKeyAtATimeMatchesKeras(String name, Path model, Path expected) {
        Model m = Models.load(model);
        Path stream = model.resolveSibling("stream.jsonl");
        ExpectedOutputs.assertMatches(ExpectedOutputs.read(expected), StreamParity.run(m, stream), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void keysSteppedInBundlesMatchKeras(String name, Path model, Path expected) {
        Model m = Models.load(model);
        Path stream = model.resolveSibling("stream.jsonl");
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(expected);
        // 3 keys per bundle: flushed often, bundles mixing keys; 64: the whole stream held and flushed at its end
        ExpectedOutputs.assertMatches(want, StreamParity.runInBundles(m, stream, 3), name + " (bundles of 3)");
        ExpectedOutputs.assertMatches(want, StreamParity.runInBundles(m, stream, 64), name + " (bundles of 64)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void stateLayoutFollowsTheRecurrentLayers(String name, Path model, Path expected) throws IOException {
        Model m = Models.load(model);
        JsonNode spec = JSON.readTree(model.resolveSibling("spec.json").toFile());
        int floats = 0;
        for (JsonNode l : spec.path("layers")) {
            switch (l.path("class_name").asText()) {
                case "LSTM" -> floats += 2 * l.path("units").asInt();
                case "GRU", "SimpleRNN" -> floats += l.path("units").asInt();
                default -> {}
            }
        }
        assertEquals(floats, m.stateLayout().floats(), name);
        assertEquals(spec.path("input_dim").asInt(), m.inputSize(), name);
        assertEquals(spec.path("output_dim").asInt(), m.outputSize(), name);
        assertTrue(Files.exists(expected));
    }
}
