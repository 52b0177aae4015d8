package lstmjob.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Applies an activation to one value and compares results, for the activation tests. */
public final class ActivationProbe {

    private ActivationProbe() {}

    /** {@code a} at {@code x}, checking that it touches only its range. */
    public static float apply(Activation a, double x) {
        float[] v = {99f, (float) x, 99f};
        a.apply(v, 1, 2);
        assertEquals(99f, v[0], "the range only");
        assertEquals(99f, v[2], "the range only");
        return v[1];
    }

    public static void assertNear(double want, float got, String what) {
        assertTrue(
                Math.abs(want - got) <= 1e-6 * Math.max(1, Math.abs(want)), what + ": " + got + ", expected " + want);
    }
}
