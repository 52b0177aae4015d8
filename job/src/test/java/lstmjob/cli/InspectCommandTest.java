package lstmjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code inspect} on a model file of each format: the summary, and exit 0 servable / 1 not / 2 usage error; with
 * {@code --allow-non-finite-weights}, weights that are not finite are a warning.
 */
class InspectCommandTest {

    /** case-7 of the oracle suite: LSTM → LSTM → GRU → Dense, in all four files. */
    private static final Path CASE = Path.of("../operators/src/test/resources/oracle/case-7");

    private static CommandRun inspect(String... args) {
        return CommandRun.command("inspect", args);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "model.json,  tfjs-layers",
        "model.h5,    keras-h5",
        "model.keras, keras3-zip",
        "model.k3.h5, keras-h5",
    })
    void describesAServableModelOfEachFormat(String file, String format) {
        CommandRun r = inspect(CASE.resolve(file).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Format: " + format), r.out());
        for (String layer : new String[] {
            "(LSTM)",
            "(GRU)",
            "(Dense)",
            "Total params:",
            "State per key:",
            "State layout fingerprint:",
            "Servable: yes"
        }) {
            assertTrue(r.out().contains(layer), "missing " + layer + " in\n" + r.out());
        }
    }

    @Test
    void sameModelInEveryFormatHasTheSameStateLayout() {
        String fingerprint = null;
        for (String f : new String[] {"model.json", "model.h5", "model.keras", "model.k3.h5"}) {
            String out = inspect(CASE.resolve(f).toString()).out();
            String line = out.lines()
                    .filter(l -> l.startsWith("State layout fingerprint:"))
                    .findFirst()
                    .orElseThrow();
            if (fingerprint == null) {
                fingerprint = line;
            }
            assertEquals(fingerprint, line, f);
        }
    }

    @Test
    void unservableModelExitsOneAndSaysWhy(@TempDir Path dir) throws Exception {
        // a Flatten over the time axis, the seed users' problem, in a TF.js model made from case-7's
        Path json = CASE.resolve("model.json");
        String text = Files.readString(json);
        String flatten = "{\"class_name\":\"Flatten\",\"config\":{\"name\":\"flatten\",\"trainable\":true}},";
        int at = text.indexOf("{", text.indexOf("\"layers\"", text.indexOf("modelTopology")) + 9);
        Files.writeString(dir.resolve("model.json"), text.substring(0, at) + flatten + text.substring(at));
        Files.copy(CASE.resolve("group1-shard1of1.bin"), dir.resolve("group1-shard1of1.bin"));
        CommandRun r = inspect(dir.resolve("model.json").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Servable: no"), r.out());
        assertTrue(r.out().toLowerCase().contains("flatten"), r.out());
    }

    /** case-7's TF.js model with a NaN for the first value of its shard, the first LSTM's kernel. */
    static Path withNaNWeight(Path dir) throws Exception {
        Files.copy(CASE.resolve("model.json"), dir.resolve("model.json"));
        byte[] shard = Files.readAllBytes(CASE.resolve("group1-shard1of1.bin"));
        ByteBuffer.wrap(shard).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
        Files.write(dir.resolve("group1-shard1of1.bin"), shard);
        return dir.resolve("model.json");
    }

    @Test
    void nonFiniteWeightsAreRefusedAndWithTheFlagAWarning(@TempDir Path dir) throws Exception {
        Path model = withNaNWeight(dir);
        CommandRun refused = inspect(model.toString());
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("Servable: no: "), refused.out());
        assertTrue(refused.out().contains("(LSTM): weight 'kernel'"), refused.out());
        assertTrue(refused.out().contains("1 NaN, 0 infinite), the first at index (0, 0)"), refused.out());

        CommandRun allowed = inspect("--allow-non-finite-weights", model.toString());
        assertEquals(0, allowed.code(), allowed.out() + allowed.err());
        assertTrue(allowed.out().contains("Warning: layer '"), allowed.out());
        assertTrue(allowed.out().contains("its predictions may be NaN"), allowed.out());
        assertTrue(allowed.out().contains("Servable: yes"), allowed.out());
    }

    @Test
    void unreadableFileExitsOne(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.h5");
        Files.write(junk, new byte[] {1, 2, 3});
        CommandRun r = inspect(junk.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("Servable: no"), r.out());
    }

    /** case-7 takes 22 features per timestep and gives its Dense's 5 values (case.json's input_dim, output_dim). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "model.json,  lstm_input",
        "model.h5,    lstm_input",
        "model.keras, input_layer_4",
        "model.k3.h5, input_layer_4",
    })
    void namesEachInputWithItsKindAndEachOutputWithItsSize(String file, String input) {
        CommandRun r = inspect(CASE.resolve(file).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Input: " + input + " (features, 22 per timestep)", lines.get(2), r.out());
        assertEquals("Output: dense (5 per timestep)", lines.get(3), r.out());
    }

    @Test
    void aMissingFileIsAUsageErrorThatSaysSo(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.keras");
        CommandRun r = inspect(missing.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("MODEL " + missing + ": no such file"), r.err());
        assertEquals("", r.out());

        CommandRun weights = inspect(CASE.resolve("model.json").toString(), "--weights", missing.toString());
        assertEquals(2, weights.code(), weights.out() + weights.err());
        assertTrue(weights.err().startsWith("--weights " + missing + ": no such file"), weights.err());
    }

    @Test
    void aFolderIsAUsageError(@TempDir Path dir) {
        CommandRun r = inspect(dir.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("MODEL " + dir + ": not a readable file"), r.err());
    }

    @Test
    void weightsBesideAWholeModelAreAUsageError() {
        CommandRun r = inspect(
                CASE.resolve("model.keras").toString(),
                "--weights",
                CASE.resolve("model.h5").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("give it without --weights"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, inspect().code());
        assertEquals(2, inspect("a", "b").code());
        assertEquals(2, inspect("--bogus", "x").code());
    }

    /** PyTorch's LSTM ×2 → RNN ×3 → LayerNorm → Linear exported to ONNX, its states as graph inputs and outputs. */
    @Test
    void describesAnOnnxModel() {
        CommandRun r = inspect("../operators/src/test/resources/onnx/case-16/model.onnx");
        assertEquals(0, r.code(), r.out() + r.err());
        for (String line : new String[] {
            "Format: onnx, exported by pytorch 1.13.0, opset 17",
            "Input: features (features, 8 per timestep)",
            "Output: y (5 per timestep)",
            "/lstm/LSTM (LSTM)",
            "/rnn/RNN_2 (RNN)",
            "(LayerNormalization)",
            "State per key: 632 bytes",
            "Servable: yes"
        }) {
            assertTrue(r.out().contains(line), "missing " + line + " in\n" + r.out());
        }
    }

    /** Two heads and the graph's names for them. */
    @Test
    void listsAnOnnxModelsOutputs() {
        CommandRun r = inspect("../operators/src/test/resources/onnx/case-7/model.onnx");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Output: y1 (2 per timestep)\nOutput: y2 (5 per timestep)"), r.out());
    }

    @Test
    void anOnnxModelThatCannotBeServedSaysWhy(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(Path.of("../operators/src/test/resources/onnx/case-7/model.onnx"));
        Path cut = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(whole, whole.length / 2));
        CommandRun r = inspect(cut.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Servable: no: "), r.out());
        assertTrue(r.out().contains("truncated or corrupt"), r.out());
    }
}
