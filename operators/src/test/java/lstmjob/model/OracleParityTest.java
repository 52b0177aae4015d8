package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated oracle case, in each of its model files, gives the outputs Keras gives (computed by stateful
 * TF.js per key, cross-checked with numpy and PyTorch), one key at a time and with keys stepped in bundles.
 */
class OracleParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> modelFiles() throws IOException, URISyntaxException {
        Path root = Path.of(OracleParityTest.class.getResource("/oracle/suite.json").toURI()).getParent();
        JsonNode suite = JSON.readTree(root.resolve("suite.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : suite.path("cases")) {
            Path dir = root.resolve(c.path("dir").asText());
            // case.json says which expected file goes with which model file
            JsonNode models = JSON.readTree(dir.resolve("case.json").toFile()).path("models");
            for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                out.add(Arguments.of(c.path("dir").asText() + "/" + m.getKey(), dir.resolve(m.getKey()),
                        dir.resolve(m.getValue().path("expected").asText())));
            }
        }
        assertTrue(out.size() >= 4, "the suite lists cases");
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void oneKeyAtATimeMatchesKeras(String name, Path model, Path expected) {
        Model m = Models.load(model);
        Path stream = model.resolveSibling("stream.jsonl");
        StreamParity.assertMatches(StreamParity.expected(expected), StreamParity.run(m, stream), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void keysSteppedInBundlesMatchKeras(String name, Path model, Path expected) {
        Model m = Models.load(model);
        Path stream = model.resolveSibling("stream.jsonl");
        Map<String, List<JsonNode>> want = StreamParity.expected(expected);
        // 3 rows per call: bundles are usually full yet mix keys differently from call to call.
        StreamParity.assertMatches(want, StreamParity.runBundled(m, stream, 3), name + " (bundles of 3)");
        StreamParity.assertMatches(want, StreamParity.runBundled(m, stream, 64), name + " (bundles of 64)");
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
                default -> { }
            }
        }
        assertEquals(floats, m.stateLayout().floats(), name);
        assertEquals(spec.path("input_dim").asInt(), m.inputSize(), name);
        assertEquals(spec.path("output_dim").asInt(), m.outputSize(), name);
        assertTrue(Files.exists(expected));
    }
}
