package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * A TF.js model whose layers include a Sequential and a Functional model (itself holding a Sequential) is served as
 * their layers, giving at each timestep what TF.js gives over the whole sequence (tools/reference/nested-tfjs).
 */
class NestedModelsTest {

    private static final Path DIR = Repository.root().resolve("operators/src/test/resources/nested-tfjs");

    @Test
    void nestedModelsAreServedAsTheirLayers() throws IOException {
        Model m = Models.load(DIR.resolve("model.json"));
        assertEquals(List.of(ModelInput.features("signal", 3)), m.inputs());
        assertEquals(List.of(new ModelOutput("score", 2)), m.outputs());
        assertEquals(
                List.of("enc_lstm", "enc_dense", "head_gru", "inner_dense", "head_add", "side", "merged", "score"),
                m.layers().stream().map(l -> l.name()).toList());
        float[] state = new float[m.stateLayout().floats()];
        float[] y = new float[2];
        ModelStepper stepper = m.newStepper(1);
        int steps = 0;
        for (String line : Files.readAllLines(DIR.resolve("steps.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode step = ExpectedOutputs.parse(line);
            float[] x = new float[3];
            for (int i = 0; i < 3; i++) {
                x[i] = (float) step.get("x").get(i).asDouble();
            }
            stepper.step(x, state, y);
            for (int j = 0; j < 2; j++) {
                double e = step.get("y").get(j).asDouble();
                assertTrue(
                        Math.abs(y[j] - e) <= 1e-5 * Math.max(1, Math.abs(e)),
                        "step " + steps + ": " + y[j] + " vs " + e);
            }
            steps++;
        }
        assertEquals(12, steps);
    }
}
