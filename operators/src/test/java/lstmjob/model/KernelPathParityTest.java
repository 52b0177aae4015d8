package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.layers.kernels.KernelPaths;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract's parity on each kernel path, forced with {@code -Dlstmjob.kernel}: every oracle case one key
 * at a time and in bundles, and every real Keras file where the fixtures are present. ({@link OracleParityTest}
 * runs the default path, the vector kernel under surefire.)
 */
class KernelPathParityTest {

    static Stream<Arguments> oracleCases() {
        return KernelPaths.BOTH.stream()
                .flatMap(path ->
                        OracleCases.all().stream().map(c -> Arguments.of(path, c.toString(), c.model(), c.expected())));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("oracleCases")
    void oracleStreamsMatchKeras(String path, String name, Path model, Path expected) {
        Model m = KernelPaths.build(path, () -> Models.load(model));
        Path stream = model.resolveSibling("stream.jsonl");
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(expected);
        ExpectedOutputs.assertMatches(want, StreamParity.run(m, stream), path + ": " + name);
        ExpectedOutputs.assertMatches(
                want, StreamParity.runInBundles(m, stream, 5), path + ": " + name + " (bundles of 5)");
    }

    static Stream<Arguments> realFiles() throws IOException {
        List<Path> folders = RealKerasFilesTest.folders().toList();
        return KernelPaths.BOTH.stream().flatMap(path -> folders.stream().map(f -> Arguments.of(path, f)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("realFiles")
    @EnabledIf("lstmjob.model.RealKerasFilesTest#fixturesPresent")
    void realKerasFilesMatchKeras(String path, Path folder) throws IOException {
        List<Path> models;
        try (Stream<Path> files = Files.list(folder)) {
            models = files.filter(f -> f.getFileName().toString().endsWith(".h5")
                            || f.getFileName().toString().endsWith(".keras"))
                    .toList();
        }
        assertEquals(1, models.size(), "one model file in " + folder);
        Path modelFile = models.get(0);
        Model m = KernelPaths.build(path, () -> Models.load(modelFile));
        Path stream = folder.resolve("stream.jsonl");
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(folder.resolve("expected.jsonl"));
        ExpectedOutputs.assertMatches(want, StreamParity.run(m, stream), path + ": " + folder.getFileName());
        ExpectedOutputs.assertMatches(
                want, StreamParity.runInBundles(m, stream, 8), path + ": " + folder.getFileName() + " (bundles of 8)");
    }
}
