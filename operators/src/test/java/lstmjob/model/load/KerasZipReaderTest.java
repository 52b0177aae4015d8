package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras 3 {@code .keras} reader: how weight paths are derived, Functional archives, and refusals, on archives
 * rebuilt here from an oracle case's entries. The oracle and real archives themselves are covered by
 * {@link KerasOracleFilesReadTest} and {@link RealKerasFilesReadTest}.
 */
class KerasZipReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void snakeCaseFollowsKerasNaming() {
        assertEquals("lstm", KerasZipReader.snakeCase("LSTM"));
        assertEquals("gru", KerasZipReader.snakeCase("GRU"));
        assertEquals("simple_rnn", KerasZipReader.snakeCase("SimpleRNN"));
        assertEquals("time_distributed", KerasZipReader.snakeCase("TimeDistributed"));
        assertEquals("input_layer", KerasZipReader.snakeCase("InputLayer"));
        assertEquals("batch_normalization", KerasZipReader.snakeCase("BatchNormalization"));
        assertEquals("conv1d", KerasZipReader.snakeCase("Conv1D"));
        assertEquals("lstm_cell", KerasZipReader.snakeCase("LSTMCell"));
    }

    @Test
    void weightPathsNumberRepeatsOfAClassInListOrder() throws Exception {
        JsonNode layers = JSON.readTree("""
                [{"class_name": "InputLayer", "config": {"name": "in"}},
                 {"class_name": "LSTM", "config": {"name": "lstm_7"}},
                 {"class_name": "Dropout", "config": {"name": "dropout_3"}},
                 {"class_name": "LSTM", "config": {"name": "lstm_8"}},
                 {"class_name": "SimpleRNN", "config": {"name": "rnn"}},
                 {"class_name": "Dense", "config": {"name": "dense_5"}},
                 {"class_name": "LSTM", "config": {"name": "lstm_2"}},
                 {"class_name": "Dense", "config": {"name": "dense_1"}}]""");
        List<JsonNode> list = new ArrayList<>();
        layers.forEach(list::add);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("in", "layers/input_layer");
        expected.put("lstm_7", "layers/lstm");
        expected.put("dropout_3", "layers/dropout");
        expected.put("lstm_8", "layers/lstm_1");
        expected.put("rnn", "layers/simple_rnn");
        expected.put("dense_5", "layers/dense");
        expected.put("lstm_2", "layers/lstm_2");
        expected.put("dense_1", "layers/dense_1");
        assertEquals(expected, KerasZipReader.weightPaths(list));
    }

    // ---- archives rebuilt from oracle case-12 (Sequential: LSTM, LSTM, LSTM, Dropout, Dense) ----

    private static Map<String, byte[]> entries(String caseDir) throws Exception {
        return Archives.entries(KerasOracleFilesReadTest.oracle().resolve(caseDir + "/model.keras"));
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        return Archives.write(dir.resolve(name), entries);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(Path file) {
        return assertThrows(ModelLoadException.class, () -> Models.describe(file))
                .getMessage();
    }

    /** The case's Sequential config rewritten as the Functional config Keras 3 writes for the same chain. */
    private static ObjectNode asFunctional(JsonNode sequential) {
        ArrayNode layers = JSON.createArrayNode();
        String previous = null;
        for (JsonNode layer : sequential.path("config").path("layers")) {
            ObjectNode entry = layer.deepCopy();
            String name = layer.path("config").path("name").asText();
            entry.put("name", name);
            ArrayNode nodes = entry.putArray("inbound_nodes");
            if (previous != null) {
                ObjectNode node = nodes.addObject();
                ObjectNode tensor = node.putArray("args").addObject();
                tensor.put("class_name", "__keras_tensor__");
                tensor.putObject("config")
                        .putArray("keras_history")
                        .add(previous)
                        .add(0)
                        .add(0);
                node.putObject("kwargs");
            }
            layers.add(entry);
            previous = name;
        }
        ObjectNode model = JSON.createObjectNode();
        model.put("module", "keras.src.models.functional");
        model.put("class_name", "Functional");
        ObjectNode config = model.putObject("config");
        config.put("name", "functional");
        config.set("layers", layers);
        config.putArray("input_layers")
                .add(layers.get(0).path("name").asText())
                .add(0)
                .add(0);
        config.putArray("output_layers").add(previous).add(0).add(0);
        return model;
    }

    @Test
    void functionalArchiveReadsLikeTheSequentialOne() throws Exception {
        Path original = KerasOracleFilesReadTest.oracle().resolve("case-12/model.keras");
        ModelDescription sequential = KerasZipReader.read(original);
        Map<String, byte[]> entries = entries("case-12");
        entries.put(
                "config.json", bytes(JSON.writeValueAsString(asFunctional(JSON.readTree(entries.get("config.json"))))));
        ModelDescription functional = KerasZipReader.read(zip("functional.keras", entries));

        assertEquals(sequential.inputSize(), functional.inputSize());
        assertEquals(12, functional.inputSize());
        assertEquals(
                List.of("lstm", "lstm_1", "lstm_2", "dropout", "dense"),
                functional.layers().stream().map(LayerDescription::name).toList());
        assertSameWeights(sequential, functional);
        assertEquals(
                "layers/lstm_2/cell/vars/1",
                functional.layers().get(2).weights().get(1).name());
    }

    @Test
    void weightsRecordedForAnotherLayerAreRefused() throws Exception {
        // Keras 3.12 records each layer's name on its vars group: layers/lstm belongs to 'lstm'.
        Map<String, byte[]> entries = entries("case-12");
        entries.put(
                "config.json",
                bytes(new String(entries.get("config.json"), StandardCharsets.UTF_8)
                        .replace("\"name\": \"lstm\"", "\"name\": \"encoder\"")));
        Path file = zip("renamed.keras", entries);
        assertEquals(
                file + ": layer 'encoder': model.weights.h5 holds the weights of layer 'lstm' at layers/lstm, "
                        + "where Keras would have saved this layer's; model.weights.h5 and the model's config are "
                        + "inconsistent",
                refusal(file));
    }

    @Test
    void missingConfigIsRefused() throws Exception {
        Map<String, byte[]> entries = entries("case-12");
        entries.remove("config.json");
        Path file = zip("noconfig.keras", entries);
        assertEquals(
                file + ": not a Keras 3 .keras archive: it has no config.json (a .keras file holds config.json, "
                        + "metadata.json and model.weights.h5)",
                refusal(file));
    }

    @Test
    void zipThatIsNotKerasIsRefused() throws Exception {
        Path file = zip("photos.zip", Map.of("cat.jpg", new byte[] {1, 2, 3}));
        assertTrue(refusal(file).contains("not a Keras 3 .keras archive: it has no config.json"));
    }

    @Test
    void missingWeightsIsRefused() throws Exception {
        Map<String, byte[]> entries = entries("case-12");
        entries.remove("model.weights.h5");
        Path file = zip("noweights.keras", entries);
        assertEquals(file + ": unsupported .keras archive: it has no model.weights.h5", refusal(file));
    }

    @Test
    void keras4ArchiveIsRefused() throws Exception {
        Map<String, byte[]> entries = entries("case-12");
        entries.put("metadata.json", bytes("{\"keras_version\": \"4.0.1\", \"date_saved\": \"2031-01-01@00:00:00\"}"));
        Path file = zip("k4.keras", entries);
        assertEquals(
                file + ": unsupported format version: written by Keras 4.0.1, newer than this job reads (files "
                        + "written by Keras 2.0 to 3.x)",
                refusal(file));
    }

    /** tf.keras 2.14/2.15 write the Keras 3 layout: read the same, with tf.keras's definitions. */
    @Test
    void tfKeras215ArchiveReadsLikeKeras3() throws Exception {
        Map<String, byte[]> entries = entries("case-12");
        ModelDescription keras3 = Models.describe(zip("k3.keras", entries));
        entries.put("metadata.json", bytes("{\"keras_version\": \"2.15.0\", \"date_saved\": \"2024-01-01@00:00:00\"}"));
        ModelDescription tf215 = Models.describe(zip("tf215.keras", entries));
        assertEquals(ModelDescription.Flavor.TF_KERAS2, tf215.flavor());
        assertEquals(keras3.layers().size(), tf215.layers().size());
        assertSameWeights(keras3, tf215);
    }

    /** The same weights, at the same paths, layer by layer. */
    private static void assertSameWeights(ModelDescription expected, ModelDescription actual) {
        for (int i = 0; i < expected.layers().size(); i++) {
            List<Tensor> a = expected.layers().get(i).weights();
            List<Tensor> b = actual.layers().get(i).weights();
            assertEquals(a.size(), b.size());
            for (int w = 0; w < a.size(); w++) {
                assertEquals(a.get(w).name(), b.get(w).name());
                assertArrayEquals(a.get(w).data(), b.get(w).data());
            }
        }
    }

    @Test
    void metadataWithoutVersionIsRefused() throws Exception {
        Map<String, byte[]> entries = entries("case-12");
        entries.put("metadata.json", bytes("{\"date_saved\": \"2024-01-01@00:00:00\"}"));
        Path file = zip("nover.keras", entries);
        assertEquals(file + ": unsupported format version: its metadata.json records no keras_version", refusal(file));
    }

    @Test
    void brokenConfigJsonIsCorrupt() throws Exception {
        Map<String, byte[]> entries = entries("case-12");
        entries.put("config.json", Arrays.copyOf(entries.get("config.json"), 100));
        String message = refusal(zip("cut.keras", entries));
        assertTrue(message.contains("truncated or corrupt: its config.json is not valid JSON"), message);
    }

    @Test
    void truncatedArchiveIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(KerasOracleFilesReadTest.oracle().resolve("case-12/model.keras"));
        Path file = dir.resolve("half.keras");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        String message = refusal(file);
        assertTrue(
                message.startsWith(file + ": the file is truncated or corrupt: it cannot be read as a zip archive"),
                message);
    }

    @Test
    void corruptBytesInsideTheWeightsAreRefused() throws Exception {
        // Keras stores its entries uncompressed: damaged weight bytes are caught by the entry's CRC.
        byte[] bytes = Files.readAllBytes(KerasOracleFilesReadTest.oracle().resolve("case-12/model.keras"));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Path file = dir.resolve("corrupt.keras");
        Files.write(file, bytes);
        assertEquals(file + ": the file is truncated or corrupt: model.weights.h5 fails its checksum", refusal(file));
    }
}
