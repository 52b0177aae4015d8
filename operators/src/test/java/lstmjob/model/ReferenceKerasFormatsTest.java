package lstmjob.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference models of {@code tools/reference} written again as Keras writes them, with the same config and
 * weights: a Keras 2 HDF5 file (weights listed by {@code weight_names}, an RNN's cells under their names, e.g.
 * {@code rnn/lstm_cell/kernel:0}; Normalization's {@code count} an int64 scalar) and a Keras 3 {@code .keras}
 * archive (weights under {@code layers/rnn/cell/vars}, stacked cells under {@code layers/rnn/cell/cells/<cell
 * class>/vars}, read back in the groups' alphabetical order). Each gives the outputs TensorFlow.js (numpy for
 * Normalization) computed for the TF.js original.
 */
class ReferenceKerasFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keras's {@code to_snake_case} of the classes these cases hold. */
    private static final Map<String, String> SNAKE = Map.of(
            "RNN", "rnn",
            "Dense", "dense",
            "PReLU", "p_re_lu",
            "LSTM", "lstm",
            "SimpleRNN", "simple_rnn",
            "Normalization", "normalization",
            "LSTMCell", "lstm_cell",
            "GRUCell", "gru_cell",
            "SimpleRNNCell", "simple_rnn_cell");

    @TempDir
    Path dir;

    private record Weight(String name, int[] shape, float[] values) {}

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "rnn-lstm-cell",
                "rnn-stacked-gru-simple",
                "rnn-stacked-lstm",
                "rnn-stacked-simple-lstm",
                "masking-rnn-stacked",
                "normalization-adapted"
            })
    void keras2Hdf5MatchesTheReference(String name) throws IOException {
        Path caseDir = reference(name);
        JsonNode topology = topology(caseDir);
        Map<String, List<Weight>> weights = weightsByLayer(caseDir);
        Path file = dir.resolve(name + ".h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("model_config", JSON.writeValueAsString(topology));
            hdf.putAttribute("keras_version", "2.15.0");
            hdf.putAttribute("backend", "tensorflow");
            WritableGroup mw = hdf.putGroup("model_weights");
            mw.putAttribute("layer_names", weights.keySet().toArray(new String[0]));
            for (Map.Entry<String, List<Weight>> e : weights.entrySet()) {
                WritableGroup layer = mw.putGroup(e.getKey());
                List<String> names = new ArrayList<>();
                Map<String, WritableGroup> groups = new HashMap<>();
                for (Weight w : e.getValue()) {
                    String keras2 = keras2Name(topology, w.name());
                    names.add(keras2);
                    int slash = keras2.lastIndexOf('/');
                    WritableGroup parent = layer;
                    String path = "";
                    for (String part : keras2.substring(0, slash).split("/")) {
                        path = path + "/" + part;
                        WritableGroup up = parent;
                        parent = groups.computeIfAbsent(path, p -> up.putGroup(part));
                    }
                    parent.putDataset(keras2.substring(slash + 1), array(w));
                }
                layer.putAttribute("weight_names", names.toArray(new String[0]));
            }
        }
        assertMatches(caseDir, file);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "rnn-lstm-cell",
                "rnn-stacked-gru-simple",
                "rnn-stacked-lstm",
                "rnn-stacked-simple-lstm",
                "normalization-adapted"
            })
    void keras3ArchiveMatchesTheReference(String name) throws IOException {
        Path caseDir = reference(name);
        JsonNode topology = topology(caseDir);
        Map<String, List<Weight>> weights = weightsByLayer(caseDir);
        Path h5 = dir.resolve(name + ".weights.h5");
        try (WritableHdfFile hdf = HdfFile.write(h5)) {
            WritableGroup layers = hdf.putGroup("layers");
            Map<String, Integer> used = new HashMap<>();
            for (JsonNode layer : topology.path("config").path("layers")) {
                String layerName = layer.path("config").path("name").asText();
                List<Weight> own = weights.getOrDefault(layerName, List.of());
                String base = SNAKE.get(layer.path("class_name").asText());
                Integer seen = used.merge(base, 0, (a, b) -> a + 1);
                WritableGroup group = layers.putGroup(seen == 0 ? base : base + "_" + seen);
                if (layer.path("class_name").asText().equals("RNN")) {
                    writeCells(group.putGroup("cell"), layer.path("config").path("cell"), own);
                } else {
                    writeVars(group, own);
                }
            }
        }
        Path archive = dir.resolve(name + ".keras");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(
                    zip,
                    "metadata.json",
                    "{\"keras_version\": \"3.6.0\", \"date_saved\": \"2026-01-01@00:00:00\"}".getBytes());
            entry(zip, "config.json", JSON.writeValueAsBytes(topology));
            entry(zip, "model.weights.h5", Files.readAllBytes(h5));
        }
        Files.write(archive, bytes.toByteArray());
        assertMatches(caseDir, archive);
    }

    /** One cell's vars, or StackedRNNCells' {@code cells/<cell class>[_n]/vars} in the cells' order. */
    private static void writeCells(WritableGroup cell, JsonNode config, List<Weight> weights) {
        if (!config.path("class_name").asText().equals("StackedRNNCells")) {
            writeVars(cell, weights);
            return;
        }
        WritableGroup cells = cell.putGroup("cells");
        Map<String, Integer> used = new HashMap<>();
        int at = 0;
        for (JsonNode c : config.path("config").path("cells")) {
            String base = SNAKE.get(c.path("class_name").asText());
            Integer seen = used.merge(base, 0, (a, b) -> a + 1);
            int count = c.path("config").path("use_bias").asBoolean(true) ? 3 : 2;
            writeVars(cells.putGroup(seen == 0 ? base : base + "_" + seen), weights.subList(at, at + count));
            at += count;
        }
    }

    private static void writeVars(WritableGroup layer, List<Weight> weights) {
        WritableGroup vars = layer.putGroup("vars");
        for (int i = 0; i < weights.size(); i++) {
            vars.putDataset(Integer.toString(i), array(weights.get(i)));
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static void assertMatches(Path caseDir, Path model) {
        Model m = Models.load(model);
        ExpectedOutputs.assertMatches(
                ExpectedOutputs.read(caseDir.resolve("expected.jsonl")),
                StreamParity.run(m, caseDir.resolve("stream.jsonl")),
                model.getFileName().toString());
    }

    private static Path reference(String name) {
        return Repository.root()
                .resolve("operators/src/test/resources/reference")
                .resolve(name);
    }

    /** The Keras config the TF.js model.json holds. */
    private static JsonNode topology(Path caseDir) throws IOException {
        ObjectNode topology =
                (ObjectNode) JSON.readTree(caseDir.resolve("model.json").toFile())
                        .path("modelTopology")
                        .deepCopy();
        topology.remove("keras_version");
        topology.remove("backend");
        return topology;
    }

    /**
     * The weights in the manifest's order, grouped by layer (the first part of their names), as Keras orders
     * them: TF.js names an RNN's stacked cells {@code rnn/RNNCell_0/kernel}, its single cell {@code rnn/kernel}.
     */
    private static Map<String, List<Weight>> weightsByLayer(Path caseDir) throws IOException {
        JsonNode model = JSON.readTree(caseDir.resolve("model.json").toFile());
        JsonNode group = model.path("weightsManifest").get(0);
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(
                        caseDir.resolve(group.path("paths").get(0).asText())))
                .order(ByteOrder.LITTLE_ENDIAN);
        Map<String, List<Weight>> out = new LinkedHashMap<>();
        for (JsonNode spec : group.path("weights")) {
            int[] shape = JSON.convertValue(spec.path("shape"), int[].class);
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = spec.path("dtype").asText().equals("int32") ? data.getInt() : data.getFloat();
            }
            String name = spec.path("name").asText();
            out.computeIfAbsent(name.substring(0, name.indexOf('/')), k -> new ArrayList<>())
                    .add(new Weight(name, shape, values));
        }
        return out;
    }

    /**
     * tf.keras 2's name of a TF.js weight: {@code rnn/lstm_cell/kernel:0} for an RNN's cell, {@code
     * rnn/lstm_cell_1/kernel:0} for the second cell of that class in a stack, {@code dense/kernel:0} otherwise.
     */
    private static String keras2Name(JsonNode topology, String tfjsName) {
        String[] parts = tfjsName.split("/");
        String layer = parts[0];
        String role = parts[parts.length - 1] + ":0";
        for (JsonNode l : topology.path("config").path("layers")) {
            if (!l.path("config").path("name").asText().equals(layer)
                    || !l.path("class_name").asText().equals("RNN")) {
                continue;
            }
            JsonNode cell = l.path("config").path("cell");
            List<JsonNode> cells = new ArrayList<>();
            if (cell.path("class_name").asText().equals("StackedRNNCells")) {
                cell.path("config").path("cells").forEach(cells::add);
            } else {
                cells.add(cell);
            }
            int index = parts.length == 3 ? Integer.parseInt(parts[1].substring("RNNCell_".length())) : 0;
            Map<String, Integer> used = new HashMap<>();
            String cellName = null;
            for (int i = 0; i <= index; i++) {
                String base = SNAKE.get(cells.get(i).path("class_name").asText());
                Integer seen = used.merge(base, 0, (a, b) -> a + 1);
                cellName = seen == 0 ? base : base + "_" + seen;
            }
            return layer + "/" + cellName + "/" + role;
        }
        return layer + "/" + role;
    }

    /** The values as a Java array of the weight's shape (a long for the int32 scalar count, as Keras saves it). */
    private static Object array(Weight w) {
        int[] s = w.shape();
        float[] v = w.values();
        if (s.length == 0) {
            return (long) v[0];
        }
        if (s.length == 1) {
            return v;
        }
        float[][] m = new float[s[0]][s[1]];
        for (int r = 0; r < s[0]; r++) {
            System.arraycopy(v, r * s[1], m[r], 0, s[1]);
        }
        return m;
    }
}
