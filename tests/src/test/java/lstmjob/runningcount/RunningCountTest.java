package lstmjob.runningcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lstmjob.Main;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.Repository;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The running count of the shipped example model, through {@code replay}: fed [1,1,1] a key says
 * about 1, 2, 3; its state, read with get-state and set under a new key, fed [1,0,1], says about 4, 4, 5.
 */
class RunningCountTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static List<JsonNode> replay(Path model, Path dir, String name, String... lines) throws Exception {
        return replay(model, dir, name, List.of(), lines);
    }

    private static List<JsonNode> replay(Path model, Path dir, String name, List<String> options, String... lines)
            throws Exception {
        Path in = dir.resolve(name + ".jsonl");
        Files.write(in, List.of(lines), StandardCharsets.UTF_8);
        Path out = dir.resolve(name + ".out.jsonl");
        List<String> args = new java.util.ArrayList<>(
                List.of("replay", "--model", model.toString(), "--input", in.toString(), "--output", out.toString()));
        args.addAll(options);
        assertEquals(0, Main.commandLine().execute(args.toArray(new String[0])));
        return Files.readAllLines(out).stream().map(ExpectedOutputs::parse).toList();
    }

    private static void assertCounts(List<JsonNode> predictions, double... counts) {
        assertEquals(counts.length, predictions.size(), predictions.toString());
        for (int i = 0; i < counts.length; i++) {
            double y = predictions.get(i).path("y").get(0).asDouble();
            assertTrue(Math.abs(y - counts[i]) < 0.3, "step " + (i + 1) + ": " + y + ", about " + counts[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"running-count.keras", "running-count.h5", "running-count/model.json"})
    void stateAfterOneOneOneContinuesToFourFourFive(String file, @TempDir Path dir) throws Exception {
        Path model = Repository.root().resolve("example").resolve(file);
        List<JsonNode> first = replay(
                model,
                dir,
                "first",
                "{\"key\":\"seed\",\"x\":[1],\"seq\":1}",
                "{\"key\":\"seed\",\"x\":[1],\"seq\":2}",
                "{\"key\":\"seed\",\"x\":[1],\"seq\":3}",
                "{\"key\":\"seed\",\"type\":\"get-state\"}");
        assertCounts(first, 1, 2, 3);
        JsonNode state = ExpectedOutputs.parse(
                Files.readAllLines(dir.resolve("first.out.states.jsonl")).get(0));
        assertEquals(3, state.path("step").asLong());

        List<JsonNode> resumed = replay(
                model,
                dir,
                "second",
                "{\"type\":\"set-state\",\"key\":\"copy\",\"step\":3,\"states\":" + state.path("states") + "}",
                "{\"key\":\"copy\",\"x\":[1]}",
                "{\"key\":\"copy\",\"x\":[0]}",
                "{\"key\":\"copy\",\"x\":[1]}");
        assertCounts(resumed, 4, 4, 5);
        assertEquals(
                List.of(4L, 5L, 6L),
                Stream.of(0, 1, 2)
                        .map(i -> resumed.get(i).path("step").asLong())
                        .toList());

        // from zeros instead, [1,0,1] counts 1, 1, 2: the state is what carries the count
        assertCounts(replay(model, dir, "fresh", "{\"key\":\"new\",\"x\":[[1],[0],[1]]}"), 1, 1, 2);

        // burn-in: the first two steps move the state but say nothing; the count still includes them
        List<JsonNode> burnt = replay(
                model, dir, "burn-in", List.of("--burn-in-steps", "2"), "{\"key\":\"b\",\"x\":[[1],[1],[1],[1]]}");
        assertCounts(burnt, 3, 4);
        assertEquals(3, burnt.get(0).path("step").asLong());
    }
}
