package lstmjob.model.load;

import static lstmjob.model.load.Descriptions.dense;
import static lstmjob.model.load.Descriptions.layer;
import static lstmjob.model.load.Descriptions.lstm;
import static lstmjob.model.load.Descriptions.model;
import static lstmjob.model.load.Descriptions.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lstmjob.model.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything that cannot be served one timestep at a time is refused with one message naming each layer that
 * stops it and the reason.
 */
class ModelBuilderRefusalTest {

    private static String refusal(ModelDescription d) {
        return assertThrows(ModelLoadException.class, () -> ModelBuilder.build(d, "m.keras"))
                .getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + message + "' should mention '" + p + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Flatten", "Reshape"})
    void flattenAndReshapeNeedTheWholeWindow(String cls) {
        String m = refusal(model(lstm("lstm", 3, 4, true), layer(cls, "x", "{'target_shape':[8]}"), dense("d", 4, 1)));
        assertMentions(m, "m.keras: layer 'x' (" + cls + "): ", "whole window", "one timestep at a time");
    }

    @Test
    void bidirectional() {
        String m = refusal(model(layer(
                "Bidirectional",
                "bi",
                "{'layer':{'class_name':'LSTM','config':{'units':4}},'merge_mode':'concat'}",
                t(3, 16),
                t(4, 16),
                t(16),
                t(3, 16),
                t(4, 16),
                t(16))));
        assertMentions(m, "layer 'bi' (Bidirectional): ", "backwards");
    }

    @Test
    void goBackwards() {
        String m = refusal(model(layer("GRU", "g", "{'units':2,'go_backwards':true}", t(3, 6), t(2, 6), t(2, 6))));
        assertMentions(m, "layer 'g' (GRU): ", "go_backwards=true");
    }

    @Test
    void conv1dSaysItIsNotCausal() {
        String m = refusal(model(
                layer("Conv1D", "conv", "{'filters':4,'kernel_size':[3],'padding':'same'}", t(3, 3, 4), t(4)),
                lstm("lstm", 4, 2, false)));
        assertMentions(m, "layer 'conv' (Conv1D): ", "non-causal", "padding 'same'", "one timestep at a time");
    }

    @Test
    void causalConv1dWithStridesSkipsTimesteps() {
        String m = refusal(model(layer(
                "Conv1D",
                "conv",
                "{'filters':4,'kernel_size':[3],'padding':'causal','strides':[2]}",
                t(3, 3, 4),
                t(4))));
        assertMentions(m, "layer 'conv' (Conv1D): strides 2 skip timesteps");
    }

    @Test
    void onlyACausalConv1dIsServed() {
        String m = refusal(model(layer(
                "SeparableConv1D",
                "sep",
                "{'filters':4,'kernel_size':[3],'padding':'causal'}",
                t(3, 1, 3),
                t(1, 3, 4))));
        assertMentions(m, "layer 'sep' (SeparableConv1D): ", "reads 3 neighbouring timesteps", "only a causal Conv1D");
    }

    @Test
    void aMaskReachingACausalConvolutionIsRefused() {
        String m = refusal(model(
                layer("Masking", "mask", "{'mask_value':0.0}"),
                layer("Conv1D", "conv", "{'filters':4,'kernel_size':[2],'padding':'causal'}", t(2, 3, 4), t(4)),
                lstm("lstm", 4, 2, false)));
        assertMentions(m, "layer 'conv' (Conv1D): ", "a mask", "before any recurrent layer");
    }

    @Test
    void aCausalConvolutionNeedsATimeAxis() {
        String m = refusal(model(
                lstm("lstm", 3, 3, false),
                layer("Conv1D", "conv", "{'filters':4,'kernel_size':[2],'padding':'causal'}", t(2, 3, 4), t(4))));
        assertMentions(m, "layer 'conv' (Conv1D): ", "no time axis");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D"})
    void poolingOverTime(String cls) {
        String m = refusal(model(lstm("lstm", 3, 4, true), layer(cls, "pool", "{}"), dense("d", 4, 1)));
        assertMentions(m, "layer 'pool' (" + cls + "): ", "pooling over time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Attention", "AdditiveAttention", "MultiHeadAttention"})
    void attention(String cls) {
        String m = refusal(model(lstm("lstm", 3, 4, true), layer(cls, "att", "{}")));
        assertMentions(m, "layer 'att' (" + cls + "): ", "attention", "whole sequence");
    }

    @Test
    void repeatVector() {
        String m = refusal(
                model(lstm("enc", 3, 4, false), layer("RepeatVector", "rep", "{'n':5}"), lstm("dec", 4, 4, true)));
        assertMentions(m, "layer 'rep' (RepeatVector): ");
    }

    @Test
    void unknownLayerType() {
        assertEquals(
                "m.keras: layer 'x' (Foo): unsupported layer type",
                refusal(model(lstm("lstm", 3, 4, true), layer("Foo", "x", "{}"))));
    }

    @Test
    void recurrentLayerInsideTimeDistributed() {
        String m = refusal(model(layer(
                "TimeDistributed",
                "td",
                "{'layer':{'class_name':'LSTM','config':{'units':2}}}",
                t(3, 8),
                t(2, 8),
                t(8))));
        assertMentions(m, "layer 'td' (TimeDistributed): ", "TimeDistributed(LSTM)");
    }

    @Test
    void missingWeight() {
        String m = refusal(model(layer("LSTM", "lstm", "{'units':4}", t(3, 16), t(4, 16))));
        assertMentions(m, "m.keras: layer 'lstm' (LSTM): ", "missing weight 'bias'", "(16)");
    }

    @Test
    void misShapedWeight() {
        String m = refusal(model(layer("LSTM", "lstm", "{'units':4}", t(3, 16), t(4, 8), t(16))));
        assertMentions(m, "layer 'lstm' (LSTM): ", "weight 'recurrent_kernel'", "shape (4, 8)", "expected (4, 16)");
    }

    @Test
    void kernelNotMatchingThePreviousLayersOutput() {
        String m = refusal(model(lstm("lstm", 3, 4, false), dense("out", 5, 1)));
        assertMentions(m, "layer 'out' (Dense): ", "weight 'kernel'", "shape (5, 1)", "expected (4, 1)");
    }

    @Test
    void gruBiasShapeNamesResetAfter() {
        String m = refusal(model(layer("GRU", "gru", "{'units':2,'reset_after':false}", t(3, 6), t(2, 6), t(2, 6))));
        assertMentions(m, "layer 'gru' (GRU): ", "weight 'bias'", "shape (2, 6)", "expected (6)", "reset_after=false");
    }

    @Test
    void extraWeight() {
        String m = refusal(model(layer("Dense", "d", "{'units':2,'use_bias':false}", t(3, 2), t(2))));
        assertMentions(m, "layer 'd' (Dense): ", "unexpected extra weight");
    }

    @Test
    void unknownActivation() {
        String m = refusal(model(layer("Dense", "head", "{'units':2,'activation':'swishy'}", t(3, 2), t(2))));
        assertMentions(m, "m.keras: layer 'head' (Dense): ", "unknown activation 'swishy'");
    }

    @Test
    void unknownRecurrentActivation() {
        String m = refusal(
                model(layer("LSTM", "lstm", "{'units':1,'recurrent_activation':'my_gate'}", t(3, 4), t(1, 4), t(4))));
        assertMentions(m, "layer 'lstm' (LSTM): ", "unknown activation 'my_gate'", "recurrent_activation");
    }

    @Test
    void normalizationOverTheTimeAxis() {
        String m = refusal(model(
                lstm("lstm", 3, 4, true), layer("BatchNormalization", "bn", "{'axis':1}", t(4), t(4), t(4), t(4))));
        assertMentions(m, "layer 'bn' (BatchNormalization): ", "axis 1");
    }

    @Test
    void laterLayersThatBlockAreNamedTooAndNothingIsBuilt() {
        String m = refusal(model(
                layer("Foo", "first", "{}"),
                lstm("lstm", 3, 4, true),
                layer("Flatten", "second", "{}"),
                dense("d", 16, 1)));
        // The layer that blocks serving one timestep at a time comes first: it decides.
        assertEquals(
                "m.keras: 2 layers cannot be served: layer 'second' (Flatten): it needs the whole window of "
                        + "timesteps at once (the model was built for fixed-length windows), so the model cannot be "
                        + "served one timestep at a time; layer 'first' (Foo): unsupported layer type",
                m);
    }

    @Test
    void everyBlockingLayerIsNamedOnceGroupedByReason() {
        String m = refusal(model(
                layer("Conv1D", "c1", "{'filters':4,'kernel_size':[3],'padding':'same'}", t(3, 3, 4), t(4)),
                layer("MaxPooling1D", "pool", "{'pool_size':[2]}"),
                layer("Conv1D", "c2", "{'filters':4,'kernel_size':[3],'padding':'same'}", t(3, 4, 4), t(4)),
                lstm("lstm", 4, 2, false)));
        assertMentions(
                m,
                "m.keras: 3 layers cannot be served: layers 'c1', 'c2' (Conv1D): a convolution over time "
                        + "reads 3 neighbouring timesteps",
                "; layer 'pool' (MaxPooling1D): pooling over time");
        assertTrue(!m.contains("lstm"), m);
    }

    /** A kernel-1 convolution reads only the current timestep: a pooling after it is what blocks. */
    @Test
    void poolingAfterAPointwiseConvolutionIsBlamedNotTheConvolution() {
        String m = refusal(model(
                layer("Conv1D", "conv", "{'filters':4,'kernel_size':[1],'padding':'valid'}", t(1, 3, 4), t(4)),
                layer("MaxPooling1D", "pool", "{'pool_size':[5]}"),
                lstm("lstm", 4, 2, false)));
        assertEquals(
                "m.keras: layer 'pool' (MaxPooling1D): pooling over time needs the whole window of timesteps "
                        + "at once, so the model cannot be served one timestep at a time",
                m);
    }

    @Test
    void stridedPointwiseConvolutionSkipsTimesteps() {
        String m = refusal(
                model(layer("Conv1D", "conv", "{'filters':4,'kernel_size':1,'strides':[2]}", t(1, 3, 4), t(4))));
        assertMentions(m, "layer 'conv' (Conv1D): strides 2 skip timesteps");
    }

    @Test
    void embeddingAfterTheFirstLayer() {
        String m = refusal(
                model(dense("d", 3, 1), layer("Embedding", "emb", "{'input_dim':10,'output_dim':2}", t(10, 2))));
        assertMentions(m, "layer 'emb' (Embedding): ", "only on an input of the model");
    }

    @Test
    void twoDimensionalLayersBlock() {
        String m = refusal(model(layer("Conv2D", "c", "{'filters':2,'kernel_size':[3,1]}", t(3, 1, 3, 2), t(2))));
        assertMentions(m, "layer 'c' (Conv2D): ", "2-D or 3-D grid");
    }

    @Test
    void noInputShapeAndNoWeights() {
        String m = refusal(Descriptions.model(
                ModelDescription.Flavor.KERAS3, 0, layer("Activation", "a", "{'activation':'relu'}")));
        assertMentions(m, "m.keras: ", "input");
    }
}
