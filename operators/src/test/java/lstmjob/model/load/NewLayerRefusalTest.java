package lstmjob.model.load;

import static lstmjob.model.load.Descriptions.dense;
import static lstmjob.model.load.Descriptions.layer;
import static lstmjob.model.load.Descriptions.lstm;
import static lstmjob.model.load.Descriptions.model;
import static lstmjob.model.load.Descriptions.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.StateLayout;
import lstmjob.model.layers.Layer;
import org.junit.jupiter.api.Test;

/**
 * What RNN over cells, Normalization, Rescaling and PReLU refuse, with the layer and the reason, and how a stack
 * of cells lays out its state: one entry per cell. (Their outputs are checked against TensorFlow.js and numpy in
 * {@code ReferenceLayersTest}.)
 */
class NewLayerRefusalTest {

    private static final String LSTM_CELL = "{'class_name':'LSTMCell','config':{'units':4}}";

    private static String refusal(ModelDescription d) {
        return assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "m.keras"))
                .getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + message + "' should mention '" + p + "'");
        }
    }

    @Test
    void rnnReturningItsStatesIsRefused() {
        String m = refusal(model(
                layer("RNN", "rnn", "{'cell':" + LSTM_CELL + ",'return_state':true}", t(3, 16), t(4, 16), t(16)),
                dense("d", 4, 1)));
        assertMentions(m, "layer 'rnn' (RNN): ", "return_state=true");
    }

    @Test
    void rnnGoingBackwardsIsRefused() {
        String m = refusal(model(
                layer("RNN", "rnn", "{'cell':" + LSTM_CELL + ",'go_backwards':true}", t(3, 16), t(4, 16), t(16))));
        assertMentions(m, "layer 'rnn' (RNN): ", "go_backwards=true");
    }

    @Test
    void rnnOverAnotherCellNamesIt() {
        String m = refusal(model(
                layer("RNN", "rnn", "{'cell':{'class_name':'PeepholeLSTMCell','config':{'units':4}}}", t(3, 16))));
        assertMentions(m, "layer 'rnn' (RNN): ", "PeepholeLSTMCell", "LSTMCell, GRUCell and SimpleRNNCell");
    }

    @Test
    void stackedCellWithWrongWeightsIsNamed() {
        String cells = "{'class_name':'StackedRNNCells','config':{'cells':[" + LSTM_CELL
                + ",{'class_name':'GRUCell','config':{'units':2,'reset_after':false}}]}}";
        String m = refusal(model(
                layer("RNN", "rnn", "{'cell':" + cells + "}", t(3, 16), t(4, 16), t(16), t(4, 6), t(2, 6), t(7))));
        assertMentions(m, "layer 'rnn' (RNN): ", "cell 1 (GRUCell)", "'bias'", "(7)", "(6)");
    }

    @Test
    void stackedCellsKeepOneStateEntryEach() {
        String cells = "{'class_name':'StackedRNNCells','config':{'cells':[" + LSTM_CELL
                + ",{'class_name':'GRUCell','config':{'units':2,'reset_after':false}}]}}";
        Model m = ModelBuilder.build(
                model(
                        layer(
                                "RNN",
                                "rnn",
                                "{'cell':" + cells + "}",
                                t(3, 16),
                                t(4, 16),
                                t(16),
                                t(4, 6),
                                t(2, 6),
                                t(6)),
                        dense("d", 2, 1)),
                "m.keras");
        assertEquals(
                List.of("rnn/cell_0", "rnn/cell_1", "d"),
                m.layers().stream().map(Layer::name).toList());
        List<StateLayout.Entry> entries = m.stateLayout().entries();
        assertEquals(
                List.of("rnn/cell_0", "rnn/cell_1"),
                entries.stream().map(StateLayout.Entry::layerName).toList());
        assertEquals(2 * 4 + 2, m.stateLayout().floats());
        assertEquals((3 * 16 + 4 * 16 + 16) + (4 * 6 + 2 * 6 + 6) + (2 + 1), m.parameterCount());
    }

    @Test
    void normalizationOverTimeIsRefused() {
        String m = refusal(model(layer("Normalization", "n", "{'axis':[1]}", t(3), t(3), t()), lstm("l", 3, 2, false)));
        assertMentions(m, "layer 'n' (Normalization): ", "axis");
    }

    @Test
    void normalizationWithMeanButNoVarianceIsRefused() {
        String m = refusal(model(layer("Normalization", "n", "{'axis':-1,'mean':[0,1,2]}"), lstm("l", 3, 2, false)));
        assertMentions(m, "layer 'n' (Normalization): ", "'mean' without 'variance'");
    }

    @Test
    void normalizationWithTheWrongNumberOfMeansIsRefused() {
        String m = refusal(model(
                layer("Normalization", "n", "{'axis':-1,'mean':[0,1],'variance':[1,1]}"), lstm("l", 3, 2, false)));
        assertMentions(m, "layer 'n' (Normalization): ", "'mean' has 2 values", "(3)");
    }

    @Test
    void preluWithAnAlphaPerTimestepIsRefused() {
        String m = refusal(model(layer("PReLU", "p", "{}", t(5, 3)), lstm("l", 3, 2, false)));
        assertMentions(m, "layer 'p' (PReLU): ", "differs per timestep", "shared_axes=[1]");
    }

    @Test
    void rescalingWithWeightsIsRefused() {
        String m = refusal(model(layer("Rescaling", "r", "{'scale':2.0}", t(3)), lstm("l", 3, 2, false)));
        assertMentions(m, "layer 'r' (Rescaling): ", "unexpected extra weight");
    }
}
