package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lstmjob.model.StateLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A causal convolution's past inputs in state reports and set-state records: one member {@code inputs}, its past
 * inputs oldest first, each of its input channels; a report set back gives the same state.
 */
class ConvolutionStatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Conv1D keeping 3 past inputs of 2 channels, then a GRU of 1 unit. */
    private static final StateLayout LAYOUT = new StateLayout(
            List.of(new StateLayout.Entry("conv1d", "Conv1D", 3, 2, 0), new StateLayout.Entry("gru", "GRU", 1, 1, 6)));

    private final InputDecoder decoder = new InputDecoder(2, 1000, 16, LAYOUT);

    private InputRecord decode(String json) throws BadRecordException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReportShowsThePastInputsOldestFirstAndSetStateTakesThemBack() throws Exception {
        float[] state = {1, 2, 3, 4, 5.5f, -6, 0.25f};
        JsonNode report = JSON.readTree(new OutputEncoder(List.of(new lstmjob.model.ModelOutput("y", 1)))
                .encode(new StateReport("k", state, LAYOUT, 7, false, 0)));
        assertEquals(
                JSON.readTree("[{\"layer\":\"conv1d\",\"inputs\":[[1.0,2.0],[3.0,4.0],[5.5,-6.0]]},"
                        + "{\"layer\":\"gru\",\"h\":[0.25]}]"),
                report.path("states"));

        InputRecord set =
                decode("{\"key\":\"k2\",\"type\":\"set-state\",\"states\":" + report.path("states") + ",\"step\":7}");
        assertEquals(InputRecord.Kind.SET_STATE, set.kind());
        assertArrayEquals(state, set.states());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[{\"h\":[1,2]},{\"h\":[1]}]                                    | "
                        + "states[0] has h, but layer conv1d (Conv1D, 3 past inputs of 2 channels) keeps its past "
                        + "inputs: give them as inputs",
                "[{},{\"h\":[1]}]                                               | "
                        + "states[0] has no inputs, for layer conv1d (Conv1D, 3 past inputs of 2 channels)",
                "[{\"inputs\":[[1,2],[3,4]]},{\"h\":[1]}]                       | "
                        + "states[0].inputs has 2 vectors, layer conv1d (Conv1D, 3 past inputs of 2 channels) needs 3",
                "[{\"inputs\":[[1,2],[3,4],[5]]},{\"h\":[1]}]                   | "
                        + "states[0].inputs[2] has 1 values, layer conv1d (Conv1D, 3 past inputs of 2 channels) needs 2",
                "[{\"inputs\":[1,2,3,4,5,6]},{\"h\":[1]}]                       | "
                        + "states[0].inputs[0] must be an array of numbers",
                "[{\"inputs\":[[1,2],[3,4],[5,6]]},{\"inputs\":[[1]]}]          | "
                        + "states[1] has inputs, but layer gru (GRU, 1 units) keeps h",
            })
    void badConvolutionStatesAreRefusedNamingTheLayer(String states, String reason) {
        BadRecordException e = assertThrows(
                BadRecordException.class,
                () -> decode("{\"key\":\"k\",\"type\":\"set-state\",\"states\":" + states.trim() + "}"));
        assertEquals(DeadLetterReason.BAD_STATES, e.reason());
        assertEquals(reason.trim(), e.getMessage());
    }
}
