package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sequential model used as a layer of a Functional one, in the two Keras files: each nested layer gets its own
 * weights, from the nested model's group of a legacy HDF5 file ({@code model_weights/encoder}, weight names led by
 * the layer's name) and from the nested model's {@code layers} in a {@code .keras} archive
 * ({@code layers/sequential/layers/lstm}).
 */
class NestedModelFilesTest {

    @TempDir
    Path dir;

    private static final float[][] KERNEL = {{1, 2, 3, 4, 5, 6, 7, 8}};
    private static final float[][] RECURRENT = {{9, 10, 11, 12, 13, 14, 15, 16}, {17, 18, 19, 20, 21, 22, 23, 24}};
    private static final float[] BIAS = {-1, -2, -3, -4, -5, -6, -7, -8};
    private static final float[][] DENSE = {{0.5f}, {-0.5f}};
    private static final float[] DENSE_BIAS = {0.25f};
    private static final float[][] OUT = {{2f}};
    private static final float[] OUT_BIAS = {-0.75f};

    /** in (1 feature) → encoder (Sequential: LSTM lstm_1 of 2 units, Dense dense_1 of 1) → Dense out. */
    private static String config(String sequentialInbound, String outInbound, String inputLayers, String outputs) {
        String template = """
                {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "name": "in", "config": {"name": "in", "batch_shape": [null, null, 1]},
                   "inbound_nodes": []},
                  {"class_name": "Sequential", "name": "encoder", "config": {"name": "encoder", "layers": [
                     {"class_name": "InputLayer", "config": {"name": "enc_in", "batch_shape": [null, null, 1]}},
                     {"class_name": "LSTM", "config": {"name": "lstm_1", "units": 2}},
                     {"class_name": "Dense", "config": {"name": "dense_1", "units": 1}}]},
                   "inbound_nodes": %s},
                  {"class_name": "Dense", "name": "out", "config": {"name": "out", "units": 1},
                   "inbound_nodes": %s}],
                 "input_layers": %s, "output_layers": %s}}""";
        return template.formatted(sequentialInbound, outInbound, inputLayers, outputs);
    }

    private static void assertWeights(ModelDescription d) {
        assertEquals(
                List.of("encoder/lstm_1", "encoder/dense_1", "out"),
                d.layers().stream().map(LayerDescription::id).toList());
        assertEquals(List.of("in"), d.layers().get(0).inbound());
        assertEquals(List.of("encoder/dense_1"), d.layers().get(2).inbound());
        List<Tensor> lstm = d.layers().get(0).weights();
        assertEquals(3, lstm.size());
        assertArrayEquals(KERNEL[0], lstm.get(0).data());
        assertArrayEquals(BIAS, lstm.get(2).data());
        List<Tensor> dense = d.layers().get(1).weights();
        assertEquals(2, dense.size());
        assertArrayEquals(DENSE_BIAS, dense.get(1).data());
        assertArrayEquals(OUT_BIAS, d.layers().get(2).weights().get(1).data());
        assertEquals(List.of(new ModelDescription.Output("out", "out")), d.outputs());
    }

    @Test
    void legacyHdf5() throws Exception {
        String config = config(
                "[[[\"in\", 0, 0, {}]]]", "[[[\"encoder\", 1, 0, {}]]]", "[[\"in\", 0, 0]]", "[[\"out\", 0, 0]]");
        Path file = dir.resolve("nested.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("model_config", config);
            hdf.putAttribute("keras_version", "2.15.0");
            hdf.putAttribute("backend", "tensorflow");
            WritableGroup mw = hdf.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"encoder", "out"});
            WritableGroup encoder = mw.putGroup("encoder");
            encoder.putAttribute("weight_names", new String[] {
                "lstm_1/lstm_cell/kernel:0",
                "lstm_1/lstm_cell/recurrent_kernel:0",
                "lstm_1/lstm_cell/bias:0",
                "dense_1/kernel:0",
                "dense_1/bias:0"
            });
            WritableGroup cell = encoder.putGroup("lstm_1").putGroup("lstm_cell");
            cell.putDataset("kernel:0", KERNEL);
            cell.putDataset("recurrent_kernel:0", RECURRENT);
            cell.putDataset("bias:0", BIAS);
            WritableGroup dense = encoder.putGroup("dense_1");
            dense.putDataset("kernel:0", DENSE);
            dense.putDataset("bias:0", DENSE_BIAS);
            WritableGroup out = mw.putGroup("out");
            out.putAttribute("weight_names", new String[] {"out/kernel:0", "out/bias:0"});
            WritableGroup outVars = out.putGroup("out");
            outVars.putDataset("kernel:0", OUT);
            outVars.putDataset("bias:0", OUT_BIAS);
        }
        assertWeights(KerasH5Reader.read(file));
    }

    @Test
    void kerasArchive() throws Exception {
        String tensor = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"%s\", 0, 0]}}";
        String config = config(
                "[{\"args\": [" + tensor.formatted("in") + "], \"kwargs\": {}}]",
                "[{\"args\": [" + tensor.formatted("encoder") + "], \"kwargs\": {}}]",
                "[\"in\", 0, 0]",
                "[\"out\", 0, 0]");
        Path weights = dir.resolve("model.weights.h5");
        try (WritableHdfFile hdf = HdfFile.write(weights)) {
            WritableGroup layers = hdf.putGroup("layers");
            WritableGroup inner = layers.putGroup("sequential").putGroup("layers");
            WritableGroup lstm = inner.putGroup("lstm");
            WritableGroup cellVars = lstm.putGroup("cell").putGroup("vars");
            cellVars.putDataset("0", KERNEL);
            cellVars.putDataset("1", RECURRENT);
            cellVars.putDataset("2", BIAS);
            WritableGroup denseVars = inner.putGroup("dense").putGroup("vars");
            denseVars.putDataset("0", DENSE);
            denseVars.putDataset("1", DENSE_BIAS);
            WritableGroup outVars = layers.putGroup("dense").putGroup("vars");
            outVars.putDataset("0", OUT);
            outVars.putDataset("1", OUT_BIAS);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.json", "{\"keras_version\": \"3.12.0\"}".getBytes(StandardCharsets.UTF_8));
        entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
        entries.put("model.weights.h5", Files.readAllBytes(weights));
        assertWeights(KerasZipReader.read(Archives.write(dir.resolve("nested.keras"), entries)));
    }
}
