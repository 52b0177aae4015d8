package lstmjob.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActivationLayerTest {

    @Test
    void appliesItsActivationToEachRow() {
        ActivationLayer relu = new ActivationLayer("a", "ReLU", 3, Activations.relu(1.5, 0, 0));
        float[][] y = new Harness(relu, 2).step(new float[][] {{-1, 0.5f, 2}, {3, -0.25f, 1}}, new float[0][][], null);
        assertArrayEquals(new float[] {0, 0.5f, 1.5f}, y[0]);
        assertArrayEquals(new float[] {1.5f, 0, 1}, y[1]);
        assertEquals(0, relu.parameterCount());
    }

    @Test
    void softmaxIsPerRow() {
        ActivationLayer softmax = new ActivationLayer("s", "Softmax", 2, Activations.SOFTMAX);
        float[][] y =
                new Harness(softmax, 2).step(new float[][] {{0, 0}, {0, (float) Math.log(3)}}, new float[0][][], null);
        assertArrayEquals(new float[] {0.5f, 0.5f}, y[0], 1e-7f);
        assertArrayEquals(new float[] {0.25f, 0.75f}, y[1], 1e-7f);
    }
}
