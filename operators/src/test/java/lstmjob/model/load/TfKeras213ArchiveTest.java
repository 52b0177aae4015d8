package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tf.keras 2.13 {@code .keras} archive built here, as tf.keras 2.13 lays it out: weights under
 * {@code _layer_checkpoint_dependencies/}, the per-class counter advancing twice for a layer with weights (the
 * config's {@code simple_rnn_1} stored as {@code simple_rnn_2}), and the same with the group names of an archive
 * written on Windows ({@code _layer_checkpoint_dependencies\simple_rnn\cell}, then {@code vars}).
 */
class TfKeras213ArchiveTest {

    private static final String CONFIG = """
            {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
             {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 5, 2]}},
             {"class_name": "SimpleRNN", "config": {"name": "simple_rnn", "units": 3, "return_sequences": true}},
             {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.1}},
             {"class_name": "SimpleRNN", "config": {"name": "simple_rnn_1", "units": 3}},
             {"class_name": "Dense", "config": {"name": "dense", "units": 1}}]}}""";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "\\"})
    void readsEachLayerFromWhereTfKeras213SavedIt(String separator) throws IOException {
        Path weights = dir.resolve("model.weights.h5");
        String root = "_layer_checkpoint_dependencies";
        try (WritableHdfFile h5 = HdfFile.write(weights)) {
            // Each variable filled with a marker: 1 for the first SimpleRNN, 2 for the second, 3 for the Dense.
            vars(group(h5, separator, root, "simple_rnn", "cell"), 1, new int[] {2, 3}, new int[] {3, 3}, new int[] {3
            });
            vars(group(h5, separator, root, "simple_rnn_2", "cell"), 2, new int[] {3, 3}, new int[] {3, 3}, new int[] {3
            });
            vars(group(h5, separator, root, "dense"), 3, new int[] {3, 1}, new int[] {1});
            // A layer without weights has its own empty vars (jhdf cannot read back an empty group: it is named).
            group(h5, separator, root, "dropout").putGroup("vars").putAttribute("name", "dropout");
        }
        Path archive = dir.resolve("model.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            put(
                    zip,
                    "metadata.json",
                    "{\"keras_version\": \"2.13.1\", \"date_saved\": \"2023-09-23@10:58:29\"}"
                            .getBytes(StandardCharsets.UTF_8));
            put(zip, "config.json", CONFIG.getBytes(StandardCharsets.UTF_8));
            put(zip, "model.weights.h5", Files.readAllBytes(weights));
        }
        ModelDescription d = Models.describe(archive);
        assertEquals(ModelDescription.Flavor.TF_KERAS2, d.flavor());
        assertEquals(
                List.of(
                        "SimpleRNN simple_rnn (2, 3) (3, 3) (3)",
                        "Dropout dropout",
                        "SimpleRNN simple_rnn_1 (3, 3) (3, 3) (3)",
                        "Dense dense (3, 1) (1)"),
                d.layers().stream().map(RealKerasFilesReadTest::summary).toList());
        assertEquals(
                List.of(1f, 2f, 3f),
                List.of(
                        d.layers().get(0).weights().get(0).data()[0],
                        d.layers().get(2).weights().get(0).data()[0],
                        d.layers().get(3).weights().get(1).data()[0]));
    }

    /** The group at {@code parts}: nested groups, or one top-level group named by the whole path ("\\"). */
    private static WritableGroup group(WritableHdfFile h5, String separator, String... parts) {
        if (separator.equals("\\")) {
            return h5.putGroup(String.join("\\", parts));
        }
        WritableGroup g = h5;
        for (String part : parts) {
            g = g.getChildren().get(part) instanceof WritableGroup existing ? existing : g.putGroup(part);
        }
        return g;
    }

    private static void vars(WritableGroup owner, float marker, int[]... shapes) {
        WritableGroup vars = owner.putGroup("vars");
        for (int i = 0; i < shapes.length; i++) {
            vars.putDataset(Integer.toString(i), filled(marker, shapes[i]));
        }
    }

    private static Object filled(float marker, int[] shape) {
        if (shape.length == 1) {
            float[] v = new float[shape[0]];
            Arrays.fill(v, marker);
            return v;
        }
        float[][] m = new float[shape[0]][shape[1]];
        for (float[] row : m) {
            Arrays.fill(row, marker);
        }
        return m;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
