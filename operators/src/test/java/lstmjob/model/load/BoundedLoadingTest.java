package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import lstmjob.model.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged model files: each is refused with the loader's own error and a message saying why, having
 * allocated and opened no more than the limits allow.
 */
class BoundedLoadingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    // ---- HDF5: a declared size larger than the file ----

    /** One byte of case-20's .h5 changed: its root group's local heap then claims 1.3 GB in a 39 KB file. */
    private Path corruptedHeap() throws Exception {
        byte[] bytes = Files.readAllBytes(KerasOracleFilesReadTest.oracle().resolve("case-20/model.h5"));
        bytes[691] = 0x50;
        return Files.write(dir.resolve("model.h5"), bytes);
    }

    @Test
    void aCorruptedHeapSizeIsRefusedInASmallHeap() throws Exception {
        Path file = corruptedHeap();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add"))
                .forEach(command::add);
        command.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), LoadInSmallHeap.class.getName(), file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        String outcome = output.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(outcome.startsWith("refused: " + file + ": the file is truncated or corrupt"), output);
    }

    @Test
    void aCorruptedHeapSizeAllocatesNothingLarge() throws Exception {
        Path file = corruptedHeap();
        long allocated = allocatedDuring(() -> assertThrows(ModelLoadException.class, () -> Models.load(file)));
        assertTrue(allocated < 32 << 20, "allocated " + allocated + " bytes to refuse a 39 KB file");
    }

    @Test
    void aTreeNodeThatIsItsOwnChildIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(KerasOracleFilesReadTest.oracle().resolve("case-20/model.h5"));
        // The root group's B-tree node is at 136: make it an inner node (level 1) whose first child is itself.
        assertEquals("TREE", new String(bytes, 136, 4, StandardCharsets.US_ASCII));
        bytes[141] = 1;
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(136 + 32, 136);
        Path file = Files.write(dir.resolve("loop.h5"), bytes);
        String m =
                assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
        assertTrue(m.contains("HDF5 structures refer to each other in a loop"), m);
    }

    /** A Keras 2 HDF5 model of one Dense layer (3 → 2), written here with jhdf, its kernel as {@code options} say. */
    private Path denseH5(DatasetCreationOptions options) {
        Path file = dir.resolve("dense.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("keras_version", "2.15.0");
            h5.putAttribute(
                    "model_config",
                    "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{"
                            + "\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2, "
                            + "\"activation\": \"linear\", \"use_bias\": true, \"batch_input_shape\": [null, 3]}}]}}");
            WritableGroup weights = h5.putGroup("model_weights");
            weights.putAttribute("layer_names", new String[] {"dense"});
            WritableGroup layer = weights.putGroup("dense");
            layer.putAttribute("weight_names", new String[] {"dense/kernel:0", "dense/bias:0"});
            WritableGroup values = layer.putGroup("dense");
            values.putDataset("kernel:0", new float[][] {{1, 2}, {3, 4}, {5, 6}}, options);
            values.putDataset("bias:0", new float[] {0.5f, -0.5f});
        }
        return file;
    }

    @Test
    void aCompressedWeightIsRefused() {
        Path plain = denseH5(DatasetCreationOptions.DEFAULT);
        assertEquals(6, Models.describe(plain).layers().get(0).weights().get(0).data().length);
        Path chunked =
                denseH5(DatasetCreationOptions.builder().chunkDimensions(3, 2).build());
        assertEquals(
                6, Models.describe(chunked).layers().get(0).weights().get(0).data().length);
        Path compressed = denseH5(
                DatasetCreationOptions.builder().chunkDimensions(3, 2).deflate().build());
        String m = assertThrows(ModelLoadException.class, () -> Models.load(compressed))
                .getMessage();
        assertTrue(m.contains("weight 'dense/kernel:0' is stored compressed"), m);
    }

    // ---- .keras: an entry that inflates far beyond its compressed size ----

    @Test
    void aZipBombIsRefusedWhileInflating() throws Exception {
        Map<String, byte[]> entries =
                Archives.entries(KerasOracleFilesReadTest.oracle().resolve("case-1/model.keras"));
        entries.put("model.weights.h5", new byte[128 << 20]); // 128 MB of zeros deflate to about 125 KB
        Path bomb = Archives.write(dir.resolve("bomb.keras"), entries);
        assertTrue(Files.size(bomb) < 1 << 20, "the bomb is " + Files.size(bomb) + " bytes");
        entries.clear();
        declareSize(bomb, "model.weights.h5", 35376); // the archive lies about its inflated size
        long[] allocated = new long[1];
        String m = refusal(bomb, allocated);
        assertTrue(m.contains("model.weights.h5 inflates to more than") && m.contains("zip bomb"), m);
        assertTrue(allocated[0] < 128 << 20, "allocated " + allocated[0] + " bytes while inflating");
    }

    @Test
    void aConfigDeclaringMoreThanAnyConfigIsRefusedBeforeInflating() throws Exception {
        Map<String, byte[]> entries =
                Archives.entries(KerasOracleFilesReadTest.oracle().resolve("case-1/model.keras"));
        byte[] config = new byte[100 << 20];
        Arrays.fill(config, (byte) ' ');
        entries.put("config.json", config);
        long[] allocated = new long[1];
        String m = refusal(Archives.write(dir.resolve("bomb.keras"), entries), allocated);
        assertTrue(m.contains("config.json declares 104857600 bytes, more than the 16777216 it may hold"), m);
        assertTrue(allocated[0] < 16 << 20, "allocated " + allocated[0] + " bytes");
    }

    /** Rewrites the uncompressed size the central directory records for {@code name}. */
    private static void declareSize(Path archive, String name, int size) throws IOException {
        byte[] zip = Files.readAllBytes(archive);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + 46 <= zip.length; at++) {
            if (b.getInt(at) == 0x02014b50
                    && b.getShort(at + 28) == wanted.length
                    && Arrays.equals(Arrays.copyOfRange(zip, at + 46, at + 46 + wanted.length), wanted)) {
                b.putInt(at + 24, size);
                Files.write(archive, zip);
                return;
            }
        }
        throw new AssertionError(name + " is not in the central directory");
    }

    @Test
    void theDeflateRatioOfARealModelIsAccepted() throws Exception {
        Path stored = KerasOracleFilesReadTest.oracle().resolve("case-1/model.keras");
        Path deflated = Archives.write(dir.resolve("deflated.keras"), Archives.entries(stored));
        assertEquals(
                Models.describe(stored).layers().size(),
                Models.describe(deflated).layers().size());
    }

    // ---- TF.js: shard paths confined to the model's folder, shard sizes as the manifest says ----

    /** Case-1's model.json and shard copied into a folder of their own, the manifest's paths replaced. */
    private Path tfjs(String... paths) throws Exception {
        Path oracle = KerasOracleFilesReadTest.oracle().resolve("case-1");
        Path folder = Files.createDirectories(dir.resolve("model"));
        Files.copy(oracle.resolve("group1-shard1of1.bin"), folder.resolve("group1-shard1of1.bin"));
        ObjectNode root =
                (ObjectNode) JSON.readTree(oracle.resolve("model.json").toFile());
        if (paths.length > 0) {
            ArrayNode list = ((ObjectNode) root.path("weightsManifest").get(0)).putArray("paths");
            Arrays.stream(paths).forEach(list::add);
        }
        return Files.write(folder.resolve("model.json"), JSON.writeValueAsBytes(root));
    }

    @Test
    void aShardPathUpTheTreeIsRefused() throws Exception {
        String m = refusal(tfjs("group1-shard1of1.bin", "../../../../etc/passwd"), new long[1]);
        assertTrue(m.contains("'../../../../etc/passwd'") && m.contains("leads out of the model's folder"), m);
    }

    @Test
    void anAbsoluteShardPathIsRefused() throws Exception {
        String m = refusal(tfjs("/etc/hostname"), new long[1]);
        assertTrue(m.contains("'/etc/hostname'") && m.contains("is not relative to model.json"), m);
    }

    @Test
    void aShardLinkLeadingOutOfTheFolderIsRefused() throws Exception {
        Path model = tfjs("escape.bin");
        Path outside = Files.copy(model.resolveSibling("group1-shard1of1.bin"), dir.resolve("outside.bin"));
        Files.createSymbolicLink(model.resolveSibling("escape.bin"), outside);
        String m = refusal(model, new long[1]);
        assertTrue(m.contains("'escape.bin'") && m.contains("link that leads out"), m);
    }

    @Test
    void aShardInsideTheFolderLoads() throws Exception {
        Models.load(tfjs("./group1-shard1of1.bin"));
    }

    @Test
    void aShortShardIsRefused() throws Exception {
        Path model = tfjs();
        Path shard = model.resolveSibling("group1-shard1of1.bin");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, Arrays.copyOf(bytes, bytes.length - 1));
        String m = refusal(model, new long[1]);
        assertTrue(
                m.contains("hold " + (bytes.length - 1) + " bytes and end before weight")
                        && m.contains("a shard is truncated"),
                m);
    }

    @Test
    void aLongShardIsRefused() throws Exception {
        Path model = tfjs();
        Path shard = model.resolveSibling("group1-shard1of1.bin");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, Arrays.copyOf(bytes, bytes.length + 4));
        String m = refusal(model, new long[1]);
        assertTrue(
                m.contains("hold " + (bytes.length + 4) + " bytes, but the weights manifest describes only "
                        + bytes.length),
                m);
    }

    // ---- the parameter limit, counted from declared shapes ----

    @Test
    void aModelAboveTheParameterLimitIsRefusedInEveryFormat() throws Exception {
        Path oracle = KerasOracleFilesReadTest.oracle().resolve("case-1");
        for (String file : List.of("model.h5", "model.k3.h5", "model.keras", "model.json")) {
            String m = assertThrows(
                            ModelLoadException.class, () -> Models.load(oracle.resolve(file), new LoadLimits(100)))
                    .getMessage();
            assertTrue(
                    m.contains("declares more than 100 weights") && m.contains("--max-model-parameters"),
                    file + ": " + m);
            Models.load(oracle.resolve(file), new LoadLimits(10_000)); // case-1 has fewer
        }
    }

    @Test
    void theParameterLimitIsCheckedBeforeShardsAreRead() throws Exception {
        Path model = tfjs();
        Files.write(model.resolveSibling("group1-shard1of1.bin"), new byte[0]);
        String m = assertThrows(ModelLoadException.class, () -> Models.load(model, new LoadLimits(100)))
                .getMessage();
        assertTrue(m.contains("declares more than 100 weights"), m);
    }

    @Test
    void aManifestShapeBeyondAnyArrayIsRefused() throws Exception {
        Path model = tfjs();
        ObjectNode root = (ObjectNode) JSON.readTree(model.toFile());
        ObjectNode weight =
                (ObjectNode) root.path("weightsManifest").get(0).path("weights").get(0);
        weight.putArray("shape").add(1 << 30).add(1 << 30);
        Files.write(model, JSON.writeValueAsBytes(root));
        String m = refusal(model, new long[1]);
        assertTrue(m.contains("declares more than " + LoadLimits.DEFAULT_MAX_PARAMETERS + " weights"), m);
    }

    private static String refusal(Path file, long[] allocated) {
        String[] message = new String[1];
        allocated[0] = allocatedDuring(() -> message[0] =
                assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage());
        return message[0];
    }

    /** Bytes this thread allocated while {@code action} ran (HotSpot counts them per thread). */
    static long allocatedDuring(Runnable action) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        action.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
