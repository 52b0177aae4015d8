package lstmjob.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The plotted dimension of y: an index into its array, or into the vectors of several outputs one after another. */
class ReplayOutputsTest {

    private static float plotted(int output, String y) throws Exception {
        ReplayOutputs outputs = new ReplayOutputs(output);
        outputs.add("{\"type\":\"prediction\",\"key\":\"k\",\"step\":1,\"y\":" + y + "}");
        return outputs.byKey().get("k").prediction(0);
    }

    @Test
    void anIndexIntoOneOutputOrIntoSeveralInTheirOrder() throws Exception {
        assertEquals(0.5f, plotted(1, "[0.25,0.5]"));
        String two = "{\"next_activity\":[0.1,0.2,0.7],\"time\":[4.5]}";
        assertEquals(0.1f, plotted(0, two));
        assertEquals(0.7f, plotted(2, two));
        assertEquals(4.5f, plotted(3, two));
    }
}
