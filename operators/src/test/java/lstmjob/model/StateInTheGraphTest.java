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
 * A recurrent layer whose initial state comes from inputs of the model and whose state is returned as outputs is
 * served with that state bound to the key's: those inputs and outputs vanish, and each timestep gives what TF.js
 * gives over the sequence so far from zero initial states (tools/reference/state-graph-tfjs).
 */
class StateInTheGraphTest {

    private static final Path DIR = Repository.root().resolve("operators/src/test/resources/state-graph-tfjs");

    @Test
    void lstmStateInputsAndOutputsAreTheKeysState() throws IOException {
        Model m = Models.load(DIR.resolve("lstm/model.json"));
        assertEquals(List.of(ModelInput.features("x", 3)), m.inputs());
        assertEquals(List.of(new ModelOutput("score", 2)), m.outputs());
        assertEquals(8, m.stateLayout().floats());
        assertStepsMatch(m, DIR.resolve("lstm/steps.jsonl"));
    }

    @Test
    void gruStateInputAndOutputAreTheKeysState() throws IOException {
        Model m = Models.load(DIR.resolve("gru/model.json"));
        assertEquals(List.of(ModelInput.features("x", 3)), m.inputs());
        assertEquals(List.of(new ModelOutput("value", 1)), m.outputs());
        assertEquals(3, m.stateLayout().floats());
        assertStepsMatch(m, DIR.resolve("gru/steps.jsonl"));
    }

    private static void assertStepsMatch(Model m, Path steps) throws IOException {
        ModelStepper stepper = m.newStepper(1);
        float[] state = new float[m.stateLayout().floats()];
        float[] y = new float[m.outputSize()];
        int t = 0;
        for (String line : Files.readAllLines(steps, StandardCharsets.UTF_8)) {
            JsonNode step = ExpectedOutputs.parse(line);
            float[] x = new float[m.inputSize()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) step.get("x").get(i).asDouble();
            }
            stepper.step(x, state, y);
            t++;
            for (int j = 0; j < y.length; j++) {
                double e = step.get("y").get(j).asDouble();
                assertTrue(
                        Math.abs(y[j] - e) <= 1e-5 * Math.max(1, Math.abs(e)),
                        steps + " step " + t + ": y[" + j + "] = " + y[j] + ", expected " + e);
            }
        }
        assertEquals(10, t);
    }
}
