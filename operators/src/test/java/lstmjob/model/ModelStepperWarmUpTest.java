package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import lstmjob.model.load.Models;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.api.Test;

class ModelStepperWarmUpTest {

    /** Warming up steps made-up keys only: afterwards the stepper gives what a fresh one gives. */
    @Test
    void warmingUpLeavesNoTrace() {
        Model m = Models.load(OracleCases.all().get(0).model());
        ModelStepper warmed = m.newStepper(4);
        long calls = warmed.warmUp(Duration.ofMillis(300));
        assertTrue(calls > 0, "it stepped");
        ModelStepper fresh = m.newStepper(4);
        float[][] a = new float[4][m.stateLayout().floats()];
        float[][] b = new float[4][m.stateLayout().floats()];
        float[][] ya = new float[4][m.outputSize()];
        float[][] yb = new float[4][m.outputSize()];
        for (int t = 0; t < 3; t++) {
            float[][] x = new float[4][m.inputSize()];
            for (int r = 0; r < 4; r++) {
                for (int i = 0; i < x[r].length; i++) {
                    x[r][i] = (float) Math.cos(t * 7 + r * 3 + i);
                }
            }
            warmed.step(4, x, a, ya);
            fresh.step(4, x, b, yb);
            for (int r = 0; r < 4; r++) {
                assertArrayEquals(yb[r], ya[r], "output of row " + r + " at step " + t);
                assertArrayEquals(b[r], a[r], "state of row " + r + " at step " + t);
            }
        }
    }
}
