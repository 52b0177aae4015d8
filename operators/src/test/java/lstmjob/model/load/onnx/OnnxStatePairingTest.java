package lstmjob.model.load.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import lstmjob.model.Model;
import lstmjob.model.ModelInput;
import lstmjob.model.ModelLoadException;
import lstmjob.model.ModelOutput;
import lstmjob.model.load.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state input is paired with the output that feeds it back by the wiring (the final state of the recurrent node
 * it starts); when several outputs hold that state, by the naming rule ({@code <name>_out}, {@code <name>_in} →
 * {@code <name>_out}, {@code h0} → {@code hn}); otherwise the model is refused saying what to do.
 */
class OnnxStatePairingTest {

    @TempDir
    Path dir;

    /** features → GRU(4) from state input {@code state}, its Y_h written to each of {@code stateOutputs}. */
    private static OnnxGraphs gru(String state, String... stateOutputs) {
        OnnxGraphs g = OnnxGraphs.oneStepGru(state, "Y_h");
        for (String out : stateOutputs) {
            g.node("Identity", "/" + out, OnnxGraphs.names("Y_h"), OnnxGraphs.names(out))
                    .output(out, 1, -1, 4);
        }
        return g;
    }

    private Model load(OnnxGraphs g) {
        return Models.load(g.write(dir, "model.onnx"));
    }

    private String refusal(OnnxGraphs g) {
        Path file = g.write(dir, "model.onnx");
        return assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
    }

    private static void assertServedWithItsStateBound(Model m) {
        assertEquals(
                List.of("features"), m.inputs().stream().map(ModelInput::name).toList());
        assertEquals(List.of("y"), m.outputs().stream().map(ModelOutput::name).toList());
        assertEquals(4, m.stateLayout().floats());
    }

    @Test
    void oneOutputHoldingTheStateIsItsPairWhateverItsName() {
        assertServedWithItsStateBound(load(gru("hidden", "new_hidden")));
    }

    @Test
    void ofSeveralOutputsHoldingTheStateTheNamingRuleChooses() {
        assertServedWithItsStateBound(load(gru("gru_h", "copy", "gru_h_out")));
        assertServedWithItsStateBound(load(gru("h0", "hn", "copy")));
        assertServedWithItsStateBound(load(gru("state_in", "copy", "state_out")));
    }

    @Test
    void severalOutputsNoneNamedByTheRuleAreRefusedSayingWhatToDo() {
        String why = refusal(gru("h0", "h_a", "h_b"));
        assertTrue(why.contains("state input 'h0' is fed back by several outputs ('h_a', 'h_b')"), why);
        assertTrue(why.contains("name the one that feeds it back 'h0_out' or 'hn'"), why);
    }

    @Test
    void noOutputHoldingTheStateIsRefusedSayingWhatToDo() {
        String why = refusal(gru("lstm_h_in"));
        assertTrue(why.contains("state input 'lstm_h_in' is not fed back by any output"), why);
        assertTrue(why.contains("named 'lstm_h_in_out' or 'lstm_h_out'"), why);
        assertTrue(why.contains("or let those nodes start from zeros"), why);
    }
}
