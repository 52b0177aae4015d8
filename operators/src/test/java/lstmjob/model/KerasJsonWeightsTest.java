package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.Models;
import lstmjob.step.ModelSource;
import lstmjob.testing.ExpectedOutputs;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Keras model given as its architecture JSON ({@code model.to_json()}) and its {@code save_weights} file, Keras 2's
 * {@code .h5} and Keras 3's {@code .weights.h5}: made from oracle cases by
 * {@code tools/reference/keras_json_weights.py} (see its README), it gives the case's expected outputs (computed by
 * TensorFlow.js); files that do not go together are refused, naming the layer.
 */
class KerasJsonWeightsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path PAIRS = Path.of("src/test/resources/keras-json");

    record Pair(String name, Path architecture, Path weights, Path stream, Path expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Pair pair(String name) {
        try {
            Path dir = PAIRS.resolve(name);
            JsonNode c = JSON.readTree(dir.resolve("case.json").toFile());
            return new Pair(
                    name,
                    dir.resolve(c.path("architecture").asText()),
                    dir.resolve(c.path("weights").asText()),
                    dir.resolve(c.path("stream").asText()).normalize(),
                    dir.resolve(c.path("expected").asText()).normalize());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Pair> pairs() {
        return Stream.of("k2-case-1", "k2-case-7", "k2-case-15", "k3-case-1", "k3-case-7")
                .map(KerasJsonWeightsTest::pair);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void servesTheCaseAsKerasComputesIt(Pair p) {
        Model m = Models.load(p.architecture(), p.weights(), LoadLimits.DEFAULT);
        assertEquals("keras-json", m.format());
        assertTrue(Files.isRegularFile(p.expected()), p.expected().toString());
        ExpectedOutputs.assertMatches(ExpectedOutputs.read(p.expected()), StreamParity.run(m, p.stream()), p.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void travelsWithTheJobAndLoadsTheSameOnATaskManager(Pair p) throws Exception {
        ModelSource source = ModelSource.of(p.architecture(), p.weights(), LoadLimits.DEFAULT);
        ModelSource shipped = InstantiationUtil.clone(source, KerasJsonWeightsTest.class.getClassLoader());
        Model m = shipped.load();
        assertEquals(
                Models.load(p.architecture(), p.weights(), LoadLimits.DEFAULT)
                        .stateLayout()
                        .fingerprint(),
                m.stateLayout().fingerprint());
        ExpectedOutputs.assertMatches(ExpectedOutputs.read(p.expected()), StreamParity.run(m, p.stream()), p.name());
    }

    @Test
    void anArchitectureWithoutWeightsSaysWhatToAdd() {
        Path arch = pair("k3-case-1").architecture();
        ModelFilesException e = assertThrows(ModelFilesException.class, () -> Models.load(arch));
        assertEquals(
                arch + ": a Keras architecture JSON (model.to_json()) holds no weights: give the weights file saved by "
                        + "model.save_weights(...) with --weights FILE",
                e.getMessage());
    }

    @Test
    void weightsBesideAWholeModelAreRefused() {
        Path keras = Path.of("src/test/resources/oracle/case-1/model.keras");
        ModelFilesException e = assertThrows(
                ModelFilesException.class,
                () -> Models.load(keras, pair("k3-case-1").weights(), LoadLimits.DEFAULT));
        assertTrue(e.getMessage().contains("give it without --weights"), e.getMessage());
    }

    @Test
    void aWeightsFileGivenAsTheModelSaysToGiveTheArchitecture() {
        for (String name : new String[] {"k2-case-1", "k3-case-1"}) {
            Path weights = pair(name).weights();
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> Models.load(weights));
            assertTrue(
                    e.getMessage().startsWith(weights + ": the file holds weights but no model architecture"),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("give the model's architecture JSON (model.to_json()) as --model and "
                                    + "this file as --weights"),
                    e.getMessage());
        }
    }

    /** The architecture of {@code name} with {@code from} replaced by {@code to}, written to {@code dir}. */
    private static Path edited(Path dir, String name, String from, String to) throws IOException {
        String text = Files.readString(pair(name).architecture());
        assertTrue(text.contains(from), from);
        Path out = dir.resolve(name + ".json");
        Files.writeString(out, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
        return out;
    }

    @Test
    void keras2WeightsMissingALayerOfTheArchitectureAreRefusedNamingIt(@TempDir Path dir) throws Exception {
        // multi-backend Keras 2.1.6 names its first GRU gru_1
        Path arch = edited(dir, "k2-case-1", "\"name\": \"gru_1\"", "\"name\": \"encoder\"");
        Path weights = pair("k2-case-1").weights();
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> Models.load(arch, weights, LoadLimits.DEFAULT));
        assertTrue(
                e.getMessage()
                        .startsWith(weights + ": layer 'encoder' of the architecture is missing from the "
                                + "weights file, which holds layers gru_1, "),
                e.getMessage());
    }

    @Test
    void keras2WeightsOfAnotherShapeAreRefusedNamingTheLayer(@TempDir Path dir) throws Exception {
        Path arch = edited(dir, "k2-case-1", "\"units\": 6", "\"units\": 7");
        Path weights = pair("k2-case-1").weights();
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> Models.load(arch, weights, LoadLimits.DEFAULT));
        assertTrue(e.getMessage().contains("layer 'gru_1' (GRU)"), e.getMessage());
        assertTrue(e.getMessage().contains("has shape (5, 18), expected (5, 21)"), e.getMessage());
    }

    @Test
    void keras3WeightsOfAnotherModelAreRefusedNamingTheLayer() {
        // case-7 is LSTM, LSTM, GRU, Dense; case-1's weights are three GRUs and a TimeDistributed Dense
        Path arch = pair("k3-case-7").architecture();
        Path weights = pair("k3-case-1").weights();
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> Models.load(arch, weights, LoadLimits.DEFAULT));
        assertTrue(e.getMessage().contains("layer 'lstm'"), e.getMessage());
    }

    @Test
    void keras3WeightsOfAnotherShapeAreRefusedNamingTheLayer(@TempDir Path dir) throws Exception {
        Path arch = edited(dir, "k3-case-1", "\"units\": 6", "\"units\": 7");
        Path weights = pair("k3-case-1").weights();
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> Models.load(arch, weights, LoadLimits.DEFAULT));
        assertTrue(e.getMessage().contains("layer 'gru' (GRU)"), e.getMessage());
    }

    /** The architecture of {@code name} without its last layer, written to {@code dir}. */
    private static Path withoutLastLayer(Path dir, String name) throws IOException {
        JsonNode arch = JSON.readTree(pair(name).architecture().toFile());
        JsonNode config = arch.path("config");
        com.fasterxml.jackson.databind.node.ArrayNode layers =
                (com.fasterxml.jackson.databind.node.ArrayNode) (config.isArray() ? config : config.path("layers"));
        layers.remove(layers.size() - 1);
        Path out = dir.resolve(name + ".json");
        JSON.writeValue(out.toFile(), arch);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "k2-case-1, layer 'time_distributed_1'",
        "k3-case-1, layers/time_distributed",
    })
    void weightsOfALayerTheArchitectureLacksAreRefusedNamingIt(String name, String named, @TempDir Path dir)
            throws Exception {
        Path arch = withoutLastLayer(dir, name);
        Path weights = pair(name).weights();
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> Models.load(arch, weights, LoadLimits.DEFAULT));
        assertTrue(e.getMessage().contains(named), e.getMessage());
        assertTrue(e.getMessage().contains("the two files are not of the same model"), e.getMessage());
    }

    @Test
    void aMissingWeightsFileIsNamed(@TempDir Path dir) {
        Path arch = pair("k3-case-1").architecture();
        Path missing = dir.resolve("nothing.weights.h5");
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> Models.load(arch, missing, LoadLimits.DEFAULT));
        assertEquals(missing + ": no such weights file", e.getMessage());
    }

    @Test
    void theWholeModelFileAsWeightsIsRefused() {
        Path arch = pair("k2-case-1").architecture();
        Path whole = Path.of("src/test/resources/oracle/case-1/model.h5");
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> Models.load(arch, whole, LoadLimits.DEFAULT));
        assertTrue(e.getMessage().contains("is a whole model"), e.getMessage());
    }
}
