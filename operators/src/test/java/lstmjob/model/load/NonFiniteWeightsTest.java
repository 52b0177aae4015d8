package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.ModelSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A weight holding NaN or an infinity, put into one value of an oracle model in each format, is refused with the
 * layer, the weight, the count and the first index named; allowed, the model loads and its summary warns.
 */
class NonFiniteWeightsTest {

    @TempDir
    Path tmp;

    /** case-5: one GRU layer 'gru', kernel (6, 6), recurrent_kernel (2, 6), bias (2, 6). */
    private static Path oracle() throws Exception {
        return KerasOracleFilesReadTest.oracle().resolve("case-5");
    }

    @Test
    void h5WithNaNInTheRecurrentKernelIsRefusedNamingIt() throws Exception {
        Path file = tmp.resolve("model.h5");
        byte[] bytes = Files.readAllBytes(oracle().resolve("model.h5"));
        Files.write(file, poison(bytes, weight(oracle().resolve("model.h5"), 1), 7, Float.NaN));

        assertRefusedThenServed(
                file,
                "recurrent_kernel",
                "1 of 12 values that are not finite (1 NaN, 0 infinite), " + "the first at index (1, 1)");
    }

    @Test
    void kerasArchiveWithAnInfinityInTheKernelIsRefusedNamingIt() throws Exception {
        Path stored = oracle().resolve("model.keras");
        Map<String, byte[]> entries = Archives.entries(stored);
        entries.put(
                "model.weights.h5",
                poison(entries.get("model.weights.h5"), weight(stored, 0), 10, Float.POSITIVE_INFINITY));
        Path file = Archives.write(tmp.resolve("model.keras"), entries);

        assertRefusedThenServed(
                file,
                "kernel",
                "1 of 36 values that are not finite (0 NaN, 1 infinite), the first " + "at index (1, 4) (Infinity)");
    }

    @Test
    void tfjsShardWithNaNsInTheBiasIsRefusedCountingThem() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("tfjs"));
        Files.copy(oracle().resolve("model.json"), folder.resolve("model.json"));
        // The shard holds kernel (36 values), recurrent_kernel (12), bias (12) back to back, as the manifest lists.
        byte[] shard = Files.readAllBytes(oracle().resolve("group1-shard1of1.bin"));
        ByteBuffer b = ByteBuffer.wrap(shard).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat((36 + 12 + 8) * 4, Float.NaN);
        b.putFloat((36 + 12 + 11) * 4, Float.NEGATIVE_INFINITY);
        Files.write(folder.resolve("group1-shard1of1.bin"), shard);
        Path file = folder.resolve("model.json");

        assertRefusedThenServed(
                file,
                "bias",
                "2 of 12 values that are not finite (1 NaN, 1 infinite), the first " + "at index (1, 2) (NaN)");
    }

    @Test
    void finiteWeightsGiveNoWarning() throws Exception {
        Model m = Models.load(oracle().resolve("model.h5"), LoadLimits.DEFAULT.allowingNonFiniteWeights());
        assertEquals(List.of(), m.warnings());
        assertTrue(!ModelSummary.of(m).contains("Warning"), ModelSummary.of(m));
    }

    /** Refused by default naming the layer, the weight and {@code finding}; allowed, served with a warning. */
    private static void assertRefusedThenServed(Path file, String weight, String finding) {
        String message =
                assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
        assertTrue(message.contains("layer 'gru' (GRU): weight '" + weight + "'"), message);
        assertTrue(message.contains(finding), message);
        assertTrue(message.contains("its predictions would be NaN (--allow-non-finite-weights"), message);

        Model m = Models.load(file, LoadLimits.DEFAULT.allowingNonFiniteWeights());
        assertEquals(1, m.warnings().size(), m.warnings().toString());
        String warning = m.warnings().get(0);
        assertTrue(warning.startsWith("layer 'gru' (GRU): weight '" + weight + "'"), warning);
        assertTrue(warning.contains(finding), warning);
        assertTrue(warning.endsWith("its predictions may be NaN"), warning);
        assertTrue(ModelSummary.of(m).contains("Warning: " + warning), ModelSummary.of(m));
    }

    /** The stored values of the first layer's {@code index}-th weight, as the file holds them. */
    private static float[] weight(Path file, int index) {
        return Models.describe(file).layers().get(0).weights().get(index).data();
    }

    /**
     * {@code bytes} with the {@code at}-th of {@code values} replaced by {@code replacement}: its little-endian
     * float32 bytes, which must occur exactly once in the file.
     */
    private static byte[] poison(byte[] bytes, float[] values, int at, float replacement) throws IOException {
        byte[] pattern = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(values[at])
                .array();
        int found = -1;
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (bytes[i] == pattern[0]
                    && bytes[i + 1] == pattern[1]
                    && bytes[i + 2] == pattern[2]
                    && bytes[i + 3] == pattern[3]) {
                assertEquals(-1, found, "the value " + values[at] + " occurs twice in the file");
                found = i;
            }
        }
        assertTrue(found >= 0, "the value " + values[at] + " is not stored as little-endian float32");
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putFloat(found, replacement);
        return out;
    }
}
