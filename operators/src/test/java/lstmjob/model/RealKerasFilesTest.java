package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real model files saved by Keras users (read from {@code ../shared/fixtures/keras}, never copied into the
 * project): each one loads and serves its stream with the outputs of an independent float64 implementation of
 * Keras's formulas, and where Keras's own predictions were recorded, with those too.
 */
@EnabledIf("fixturesPresent")
class RealKerasFilesTest {

    static Path fixtures() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("operators")) && Files.isRegularFile(p.resolve("pom.xml")))) {
            p = p.getParent();
        }
        return p == null ? null : p.resolve("../shared/fixtures/keras").normalize();
    }

    static boolean fixturesPresent() {
        return Repository.hasRealKerasFixtures();
    }

    /** Folders with a stream; those without are models that must be refused ({@link RealKerasRefusalsTest}). */
    static Stream<Path> folders() throws IOException {
        try (Stream<Path> s = Files.list(fixtures())) {
            List<Path> dirs = s.filter(d -> Files.isRegularFile(d.resolve("stream.jsonl")))
                    .sorted()
                    .toList();
            assertFalse(dirs.isEmpty(), "fixture folders with a stream");
            return dirs.stream();
        }
    }

    /** Folders whose model also has a stream with masked (all-zero) timesteps. */
    static Stream<Path> foldersWithMaskedStreams() throws IOException {
        return folders().filter(d -> Files.isRegularFile(d.resolve("stream.masked.jsonl")));
    }

    static Stream<Path> foldersWithKerasPredictions() throws IOException {
        return folders().filter(d -> Files.isRegularFile(d.resolve("keras_predictions.jsonl")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void servesTheStreamAsKerasComputesIt(Path folder) throws IOException {
        Model m = Models.load(modelFile(folder));
        ExpectedOutputs.assertMatches(
                ExpectedOutputs.read(folder.resolve("expected.jsonl")),
                StreamParity.run(m, folder.resolve("stream.jsonl")),
                folder.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void bundledKeysGiveTheSameOutputs(Path folder) throws IOException {
        Model m = Models.load(modelFile(folder));
        ExpectedOutputs.assertMatches(
                ExpectedOutputs.read(folder.resolve("expected.jsonl")),
                StreamParity.runInBundles(m, folder.resolve("stream.jsonl"), 8),
                folder.getFileName() + " (bundled)");
    }

    /** CONTRACT.md version 2: a masked timestep keeps the states, and the masked layer repeats its output. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("foldersWithMaskedStreams")
    void servesMaskedTimestepsAsTheContractSays(Path folder) throws IOException {
        Model m = Models.load(modelFile(folder));
        Path stream = folder.resolve("stream.masked.jsonl");
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(folder.resolve("expected.masked.jsonl"));
        ExpectedOutputs.assertMatches(want, StreamParity.run(m, stream), folder.getFileName() + " (masked)");
        ExpectedOutputs.assertMatches(
                want, StreamParity.runInBundles(m, stream, 8), folder.getFileName() + " (masked, bundled)");
    }

    /** Keras's own prediction for the last step of each sequence, as recorded with the model. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("foldersWithKerasPredictions")
    void matchesKerasOwnPredictions(Path folder) throws IOException {
        Model m = Models.load(modelFile(folder));
        Map<String, List<JsonNode>> ours = StreamParity.run(m, folder.resolve("stream.jsonl"));
        Map<String, List<JsonNode>> keras = ExpectedOutputs.read(folder.resolve("keras_predictions.jsonl"));
        int compared = 0;
        for (Map.Entry<String, List<JsonNode>> e : keras.entrySet()) {
            List<JsonNode> mine = ours.get(e.getKey());
            assertNotNull(mine, "no outputs for key " + e.getKey());
            for (JsonNode k : e.getValue()) {
                JsonNode p = mine.stream()
                        .filter(o -> o.path("type").asText().equals("prediction")
                                && o.path("step").asLong() == k.path("step").asLong())
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no step " + k.path("step") + " for key " + e.getKey()));
                JsonNode y = p.path("y");
                assertEquals(k.path("y").size(), y.size());
                for (int j = 0; j < y.size(); j++) {
                    double want = k.path("y").get(j).asDouble();
                    double got = y.get(j).asDouble();
                    assertTrue(
                            Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want)),
                            folder.getFileName() + " key " + e.getKey() + ": y[" + j + "] = " + got + ", Keras gave "
                                    + want);
                }
                compared++;
            }
        }
        assertTrue(compared > 0);
    }

    static Path modelFile(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> models = new ArrayList<>(s.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".keras");
                    })
                    .toList());
            assertEquals(1, models.size(), "one model file in " + folder);
            return models.get(0);
        }
    }
}
