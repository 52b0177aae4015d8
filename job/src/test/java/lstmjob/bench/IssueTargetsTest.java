package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Goals apply only to the shapes issue 6 states them for. */
class IssueTargetsTest {

    @Test
    void lstm32OverEightInputsGetsTheOperatorAndEndToEndGoals() {
        IssueTargets t = IssueTargets.of(SyntheticModels.lstmDense(8, 32, 1));
        assertEquals(300_000, t.operator(false, 100_000).value());
        assertEquals(100_000, t.operator(true, 100_000).value());
        assertNull(t.operator(true, 1_000), "stated at 100,000 keys");
        assertEquals(1_500, t.kernelNanosPerStep().value());
        assertTrue(t.endToEndP99Millis().met(50));
        assertNull(t.kernelOfPeak(64), "the bundled-kernel goal is for H = 128");
    }

    @Test
    void lstm128GetsOnlyTheBundledKernelGoal() {
        IssueTargets t = IssueTargets.of(SyntheticModels.lstmDense(8, 128, 1));
        assertEquals(50, t.kernelOfPeak(64).value());
        assertNull(t.kernelOfPeak(16));
        assertNull(t.operator(false, 100_000));
        assertNull(t.endToEndSustained());
    }

    @Test
    void otherShapesGetNoGoals() {
        IssueTargets t = IssueTargets.of(SyntheticModels.lstmDense(4, 32, 1));
        assertNull(t.kernelNanosPerStep());
        assertNull(t.endToEndSustained());
    }
}
