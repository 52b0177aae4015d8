package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.ModelDescription.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy HDF5 reader on small files written here with jhdf (spelled as Keras writes them: fixed-length string
 * attributes, {@code name0/name1} chunks, {@code weight_names} relative to the layer group) and on damaged copies
 * of an oracle file. The oracle and real files themselves are covered by {@link KerasOracleFilesReadTest} and
 * {@link RealKerasFilesReadTest}.
 */
class KerasH5ReaderTest {

    @TempDir
    Path dir;

    /** Keras 2.0-2.2's list-form Sequential config: LSTM(2) on 3 features, then Dense(1). */
    static final String LIST_FORM = """
            {"class_name": "Sequential", "config": [
              {"class_name": "LSTM", "config": {"name": "lstm_1", "units": 2, "batch_input_shape": [null, null, 3]}},
              {"class_name": "Dense", "config": {"name": "dense_1", "units": 1}}]}""";

    static final float[][] KERNEL = grid(3, 8, 0.5f);
    static final float[][] RECURRENT = grid(2, 8, -0.25f);
    static final float[] BIAS = {1, 2, 3, 4, 5, 6, 7, 8};

    static float[][] grid(int rows, int cols, float scale) {
        float[][] g = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                g[r][c] = scale * (r * cols + c);
            }
        }
        return g;
    }

    private Path write(String name, Consumer<WritableHdfFile> body) {
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            body.accept(hdf);
        }
        return file;
    }

    // jhdf 0.13 writes empty groups it cannot read back, so every group written here holds something.

    /** model_weights as Keras 2.1 writes it: lstm_1/lstm_1/kernel:0 etc., listed through weight_names. */
    private static void weights(WritableGroup root, Object kernel) {
        WritableGroup mw = root.putGroup("model_weights");
        mw.putAttribute("layer_names", new String[] {"lstm_1", "dense_1"});
        WritableGroup lstm = mw.putGroup("lstm_1");
        lstm.putAttribute(
                "weight_names", new String[] {"lstm_1/kernel:0", "lstm_1/recurrent_kernel:0", "lstm_1/bias:0"});
        WritableGroup lstmVars = lstm.putGroup("lstm_1");
        lstmVars.putDataset("kernel:0", kernel);
        lstmVars.putDataset("recurrent_kernel:0", RECURRENT);
        lstmVars.putDataset("bias:0", BIAS);
        WritableGroup dense = mw.putGroup("dense_1");
        dense.putAttribute("weight_names", new String[] {"dense_1/kernel:0", "dense_1/bias:0"});
        WritableGroup denseVars = dense.putGroup("dense_1");
        denseVars.putDataset("kernel:0", new float[][] {{0.5f}, {-0.5f}});
        denseVars.putDataset("bias:0", new float[] {0.125f});
    }

    private Path model(String name, String config, String version, Object kernel) {
        return write(name, hdf -> {
            hdf.putAttribute("model_config", config);
            if (version != null) {
                hdf.putAttribute("keras_version", version);
            }
            hdf.putAttribute("backend", "tensorflow");
            weights(hdf, kernel);
        });
    }

    private static String refusal(Path file) {
        return assertThrows(ModelLoadException.class, () -> Models.describe(file))
                .getMessage();
    }

    private static float[] flat(float[][] g) {
        float[] out = new float[g.length * g[0].length];
        for (int r = 0; r < g.length; r++) {
            System.arraycopy(g[r], 0, out, r * g[0].length, g[0].length);
        }
        return out;
    }

    @Test
    void readsListFormSequentialThroughWeightNames() throws Exception {
        ModelDescription d = KerasH5Reader.read(model("m.h5", LIST_FORM, "2.1.6", KERNEL));
        assertEquals("keras-h5", d.format());
        assertEquals("2.1.6", d.kerasVersion());
        assertEquals(Flavor.KERAS2, d.flavor());
        assertEquals(3, d.inputSize());
        assertEquals(
                List.of("LSTM", "Dense"),
                d.layers().stream().map(LayerDescription::className).toList());
        LayerDescription lstm = d.layers().get(0);
        assertEquals("lstm_1", lstm.name());
        assertEquals(2, lstm.config().path("units").asInt());
        assertEquals(
                List.of("lstm_1/kernel:0", "lstm_1/recurrent_kernel:0", "lstm_1/bias:0"),
                lstm.weights().stream().map(Tensor::name).toList());
        assertArrayEquals(new int[] {3, 8}, lstm.weights().get(0).shape());
        assertArrayEquals(flat(KERNEL), lstm.weights().get(0).data());
        assertArrayEquals(flat(RECURRENT), lstm.weights().get(1).data());
        assertArrayEquals(BIAS, lstm.weights().get(2).data());
        assertArrayEquals(
                new float[] {0.125f}, d.layers().get(1).weights().get(1).data());
    }

    @Test
    void float64WeightsAreNarrowedToFloat32() throws Exception {
        double[][] kernel = new double[3][8];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 8; c++) {
                kernel[r][c] = 0.1 * (r * 8 + c);
            }
        }
        ModelDescription d = KerasH5Reader.read(model("f64.h5", LIST_FORM, "2.2.4", kernel));
        float[] data = d.layers().get(0).weights().get(0).data();
        assertEquals((float) 0.1, data[1]);
        assertEquals((float) (0.1 * 23), data[23]);
    }

    @Test
    void integerWeightsAreRefused() {
        String message = refusal(model("int.h5", LIST_FORM, "2.1.6", new int[][] {{1, 2}, {3, 4}}));
        assertTrue(message.contains("layer 'lstm_1': weight 'lstm_1/kernel:0' holds int values"), message);
        assertTrue(message.contains("only float32 and float64 weights can be read"), message);
    }

    @Test
    void weightListedButAbsentIsRefused() {
        Path file = write("absent.h5", hdf -> {
            hdf.putAttribute("model_config", LIST_FORM);
            hdf.putAttribute("keras_version", "2.1.6");
            WritableGroup mw = hdf.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"lstm_1", "dense_1"});
            WritableGroup lstm = mw.putGroup("lstm_1");
            lstm.putAttribute("weight_names", new String[] {"lstm_1/kernel:0", "lstm_1/recurrent_kernel:0"});
            lstm.putGroup("lstm_1").putDataset("kernel:0", KERNEL);
            WritableGroup dense = mw.putGroup("dense_1");
            dense.putAttribute("weight_names", new String[] {"dense_1/kernel:0"});
            dense.putGroup("dense_1").putDataset("kernel:0", new float[][] {{1}, {2}});
        });
        assertEquals(
                file + ": layer 'lstm_1': weight 'lstm_1/recurrent_kernel:0' is listed in weight_names but "
                        + "absent from the file (model_weights/lstm_1/lstm_1/recurrent_kernel:0)",
                refusal(file));
    }

    @Test
    void readsNameListsSplitIntoChunks() throws Exception {
        // Keras splits attributes over 64 KB into layer_names0, layer_names1, ... (save_attributes_to_hdf5_group).
        Path file = write("chunks.h5", hdf -> {
            hdf.putAttribute("model_config", LIST_FORM);
            hdf.putAttribute("keras_version", "2.3.0-tf");
            WritableGroup mw = hdf.putGroup("model_weights");
            mw.putAttribute("layer_names0", new String[] {"lstm_1"});
            mw.putAttribute("layer_names1", new String[] {"dense_1"});
            WritableGroup lstm = mw.putGroup("lstm_1");
            lstm.putAttribute("weight_names0", new String[] {"lstm_1/lstm_cell/kernel:0"});
            lstm.putAttribute(
                    "weight_names1", new String[] {"lstm_1/lstm_cell/recurrent_kernel:0", "lstm_1/lstm_cell/bias:0"});
            WritableGroup cell = lstm.putGroup("lstm_1").putGroup("lstm_cell");
            cell.putDataset("kernel:0", KERNEL);
            cell.putDataset("recurrent_kernel:0", RECURRENT);
            cell.putDataset("bias:0", BIAS);
            WritableGroup dense = mw.putGroup("dense_1");
            dense.putAttribute("weight_names", new String[] {"dense_1/kernel:0"});
            dense.putGroup("dense_1").putDataset("kernel:0", new float[][] {{1}, {2}});
        });
        ModelDescription d = KerasH5Reader.read(file);
        assertEquals(Flavor.TF_KERAS2, d.flavor());
        assertEquals(3, d.layers().get(0).weights().size());
        assertArrayEquals(BIAS, d.layers().get(0).weights().get(2).data());
        assertArrayEquals(new float[] {1, 2}, d.layers().get(1).weights().get(0).data());
    }

    @Test
    void keras2FunctionalChainIsRead() throws Exception {
        String config = """
                {"class_name": "Model", "config": {"name": "model_1", "layers": [
                  {"name": "input_1", "class_name": "InputLayer",
                   "config": {"batch_input_shape": [null, 7, 3], "dtype": "float32", "name": "input_1"},
                   "inbound_nodes": []},
                  {"name": "lstm_1", "class_name": "LSTM", "config": {"name": "lstm_1", "units": 2},
                   "inbound_nodes": [[["input_1", 0, 0, {}]]]},
                  {"name": "dense_1", "class_name": "Dense", "config": {"name": "dense_1", "units": 1},
                   "inbound_nodes": [[["lstm_1", 0, 0, {}]]]}],
                 "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}}""";
        ModelDescription d = KerasH5Reader.read(model("functional.h5", config, "2.2.4", KERNEL));
        assertEquals(3, d.inputSize());
        assertEquals(
                List.of("lstm_1", "dense_1"),
                d.layers().stream().map(LayerDescription::name).toList());
        assertEquals(3, d.layers().get(0).weights().size());
    }

    @Test
    void functionalModelWithTwoInputsIsReadAsAGraph() throws Exception {
        String config = """
                {"class_name": "Functional", "config": {"name": "m", "layers": [
                  {"name": "a", "class_name": "InputLayer", "config": {"name": "a"}, "inbound_nodes": []},
                  {"name": "b", "class_name": "InputLayer", "config": {"name": "b"}, "inbound_nodes": []},
                  {"name": "c", "class_name": "Concatenate", "config": {"name": "c"},
                   "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}],
                 "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["c", 0, 0]]}}""";
        Path file = model("two.h5", config, "2.15.0", KERNEL);
        ModelDescription d = KerasH5Reader.read(file);
        assertEquals(
                List.of("a", "b"),
                d.inputs().stream().map(ModelDescription.Input::name).toList());
        assertEquals(List.of("a", "b"), d.layers().get(0).inbound());
        assertEquals(List.of(new ModelDescription.Output("c", "c")), d.outputs());
    }

    @Test
    void subclassedModelIsRefused() {
        Path file = model("sub.h5", "{\"class_name\": \"MyModel\", \"config\": {}}", "2.15.0", KERNEL);
        assertTrue(refusal(file).contains("the model is a 'MyModel' (a subclassed or custom model)"));
    }

    @Test
    void keras2WeightsOnlyFileIsRefused() {
        Path file = write("weights.h5", hdf -> {
            hdf.putAttribute("keras_version", "2.3.0-tf");
            hdf.putAttribute("backend", "tensorflow");
            hdf.putAttribute("layer_names", new String[] {"dense_1"});
            WritableGroup dense = hdf.putGroup("dense_1");
            dense.putAttribute("weight_names", new String[] {"dense_1/kernel:0"});
            dense.putGroup("dense_1").putDataset("kernel:0", new float[][] {{1}});
        });
        assertEquals(
                file + ": the file holds weights but no model architecture (no model_config): it was saved "
                        + "with save_weights() instead of model.save(); give the model's architecture JSON "
                        + "(model.to_json()) as --model and this file as --weights, or save the whole model with "
                        + "model.save(...) and load that file",
                refusal(file));
    }

    @Test
    void keras3WeightsOnlyFileIsRefused() {
        // model.save_weights("x.weights.h5") in Keras 3: the .keras archive's weights file on its own.
        Path file = write("x.weights.h5", hdf -> {
            WritableGroup vars = hdf.putGroup("layers").putGroup("dense").putGroup("vars");
            vars.putDataset("0", new float[][] {{1}});
        });
        String message = refusal(file);
        assertTrue(message.contains("holds weights but no model architecture"), message);
    }

    @Test
    void hdf5FileThatIsNotKerasIsRefused() {
        Path file = write("data.h5", hdf -> hdf.putDataset("temperature", new double[] {1, 2, 3}));
        assertEquals(
                file + ": not a Keras model file: this HDF5 file has no model_config attribute (this job reads "
                        + "HDF5 models saved with Keras's model.save)",
                refusal(file));
    }

    @Test
    void missingKerasVersionIsRefused() {
        String message = refusal(model("nover.h5", LIST_FORM, null, KERNEL));
        assertTrue(message.contains("unsupported format version: the file records no keras_version"), message);
    }

    @Test
    void keras1AndKeras4AreRefused() {
        String old = refusal(model("k1.h5", LIST_FORM, "1.2.2", KERNEL));
        assertTrue(
                old.contains(
                        "unsupported format version: written by Keras 1.2.2; Keras 1 models are not " + "supported"),
                old);
        String future = refusal(model("k4.h5", LIST_FORM, "4.0.0", KERNEL));
        assertTrue(
                future.contains("unsupported format version: written by Keras 4.0.0, newer than this job " + "reads"),
                future);
    }

    @Test
    void architectureWithoutWeightsIsRefused() {
        Path file = write("noweights.h5", hdf -> {
            hdf.putAttribute("model_config", LIST_FORM);
            hdf.putAttribute("keras_version", "2.1.6");
        });
        assertTrue(refusal(file).contains("holds a model architecture but no weights"));
    }

    @Test
    void brokenJsonConfigIsCorrupt() {
        String message = refusal(model("json.h5", "{\"class_name\": \"Sequential\", \"config\": [", "2.1.6", KERNEL));
        assertTrue(message.contains("truncated or corrupt: its model_config attribute is not valid JSON"), message);
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(KerasOracleFilesReadTest.oracle().resolve("case-1/model.h5"));
        Path file = dir.resolve("half.h5");
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertEquals(
                file + ": the file is truncated or corrupt: it has " + whole.length / 2 + " bytes but its HDF5 "
                        + "header says " + whole.length,
                refusal(file));
    }

    @Test
    void corruptBytesAreRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(KerasOracleFilesReadTest.oracle().resolve("case-12/model.h5"));
        // Garbage over the object headers right after the superblock: the root group cannot be read.
        Random random = new Random(7);
        for (int i = 96; i < 2096; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        Path file = dir.resolve("corrupt.h5");
        Files.write(file, bytes);
        String message = refusal(file);
        assertTrue(message.startsWith(file + ": the file is truncated or corrupt: it cannot be read as HDF5"), message);
    }
}
