package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import lstmjob.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} measures a Keras model given as architecture JSON and weights, and refuses the JSON alone. */
class BenchWeightsTest {

    /** case-7 of the oracle suite as architecture JSON and Keras 3 weights (tools/reference/keras_json_weights.py). */
    private static final Path PAIR = Path.of("../operators/src/test/resources/keras-json/k3-case-7");

    @Test
    void measuresTheKernelOfAnArchitectureWithItsWeights(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CommandRun r = CommandRun.of(
                "bench",
                "--model",
                PAIR.resolve("arch.json").toString(),
                "--weights",
                PAIR.resolve("model.weights.h5").toString(),
                "--parts",
                "kernel",
                "--seconds",
                "0.5",
                "--out",
                json.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode rows = new ObjectMapper().readTree(json.toFile()).path("rows");
        assertTrue(rows.size() > 0, rows.toString());
    }

    @Test
    void theArchitectureAloneIsAUsageError(@TempDir Path dir) {
        CommandRun r = CommandRun.of(
                "bench",
                "--model",
                PAIR.resolve("arch.json").toString(),
                "--parts",
                "kernel",
                "--out",
                dir.resolve("bench.json").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("with --weights FILE"), r.err());
    }
}
