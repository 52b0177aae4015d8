package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class FmaPeakTest {

    /** Surefire's argLine adds jdk.incubator.vector, so the layers run the vector kernel and the loop exists. */
    @Test
    void theFmaPeakLoopCountsItsFlops() {
        FmaPeak peak = FmaPeak.onThisJvm().orElseThrow();
        assertEquals(2L * 16 * FloatVector.SPECIES_PREFERRED.length(), peak.flopsPerIteration());
        float a = peak.burst(10);
        assertTrue(Float.isFinite(a) && a != 0f, "a value that keeps the loop alive: " + a);
    }
}
