package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import lstmjob.model.load.Models;
import lstmjob.testing.CausalConvCases;
import lstmjob.testing.ExpectedOutputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models with causal Conv1D layers give, step by step, the outputs the numpy reference computes by running the
 * whole model over each key's sequence since its last reset (docs/wire-format.md), one key at a time and with
 * keys stepped in bundles.
 */
class CausalConvParityTest {

    static List<String> cases() {
        return CausalConvCases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneKeyAtATimeMatchesTheReference(String name) {
        Model m = Models.load(CausalConvCases.model(name));
        ExpectedOutputs.assertMatches(
                ExpectedOutputs.read(CausalConvCases.expected(name)),
                StreamParity.run(m, CausalConvCases.stream(name)),
                name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keysSteppedInBundlesMatchTheReference(String name) {
        Model m = Models.load(CausalConvCases.model(name));
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(CausalConvCases.expected(name));
        ExpectedOutputs.assertMatches(
                want, StreamParity.runInBundles(m, CausalConvCases.stream(name), 2), name + " (bundles of 2)");
        ExpectedOutputs.assertMatches(
                want, StreamParity.runInBundles(m, CausalConvCases.stream(name), 64), name + " (bundles of 64)");
    }

    /** The convolution keeps its last (k-1)·d inputs, one vector of its input channels each, oldest first. */
    @Test
    void theConvolutionsPastInputsArePartOfTheState() {
        StateLayout layout = Models.load(CausalConvCases.model(CausalConvCases.CONV_LSTM_DENSE))
                .stateLayout();
        assertEquals(
                List.of(
                        new StateLayout.Entry("conv1d", "Conv1D", 4, 3, 0),
                        new StateLayout.Entry("lstm", "LSTM", 2, 5, 12)),
                layout.entries());
        StateLayout chain =
                Models.load(CausalConvCases.model(CausalConvCases.CONV_CHAIN)).stateLayout();
        assertEquals(
                List.of(
                        new StateLayout.Entry("conv1d", "Conv1D", 1, 2, 0),
                        new StateLayout.Entry("conv1d_1", "Conv1D", 6, 4, 2),
                        new StateLayout.Entry("conv1d_2", "Conv1D", 3, 3, 26)),
                chain.entries());
    }
}
