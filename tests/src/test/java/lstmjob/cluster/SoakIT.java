package lstmjob.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soak, short: 90 s of samples (2,000/s over 1,000 keys) with a TaskManager killed and the broker restarted;
 * its verdict (nothing lost, doubled or miscomputed against a replay of the same input) must be a pass.
 */
@Tag("cluster")
@ExtendWith(LocalCluster.Extension.class)
class SoakIT {

    @Test
    void shortSoakWithTwoFaultsPasses(LocalCluster cluster) throws Exception {
        Soak.Plan plan = new Soak.Plan(2_000, 1_000, 1.5, 2, Workload.defaultModel(), 2, cluster.dir.resolve("soak"));
        SoakReport report = new Soak(plan, cluster.scripts, cluster.kafka, cluster.flink).run();
        String text = report.text();
        System.out.print(text);

        assertEquals(2, report.faults().size(), text);
        assertTrue(report.faults().get(0).what().startsWith("kill TaskManager"), text);
        assertTrue(report.faults().get(1).what().startsWith("restart the broker"), text);
        for (Soak.Injected fault : report.faults()) {
            assertNotNull(fault.recovery().toFirstPrediction(), "a prediction came after: " + fault.what());
        }
        Verification v = report.verification();
        assertEquals(plan.samples(), v.expected(), "the replay predicted every sample\n" + text);
        assertEquals(0, v.lost(), text);
        assertEquals(0, v.doubled(), text);
        assertEquals(0, v.miscomputed(), text);
        assertEquals(0, v.unexpected(), text);
        assertEquals(plan.samples(), v.read(), text);
        assertTrue(report.passed(), text);
    }
}
