package lstmjob.model.load;

import static lstmjob.model.load.Descriptions.dense;
import static lstmjob.model.load.Descriptions.layer;
import static lstmjob.model.load.Descriptions.lstm;
import static lstmjob.model.load.Descriptions.model;
import static lstmjob.model.load.Descriptions.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lstmjob.model.Model;
import lstmjob.model.layers.GruLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.load.ModelDescription.Flavor;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {

    private static float[] run(Model m, float[] x) {
        float[] state = new float[m.stateLayout().floats()];
        float[] y = new float[m.outputSize()];
        m.newStepper(1).step(x, state, y);
        return y;
    }

    @Test
    void dropsIdentityLayersAndKeepsTheRest() {
        Model m = ModelBuilder.build(
                model(
                        lstm("lstm", 3, 4, true),
                        layer("Dropout", "drop", "{'rate':0.5}"),
                        layer("GaussianNoise", "noise", "{'stddev':0.1}"),
                        layer(
                                "TimeDistributed",
                                "td",
                                "{'layer':{'class_name':'Dense','config':{'units':2,'activation':'softmax'}}}",
                                t(4, 2),
                                t(2)),
                        layer("ActivityRegularization", "reg", "{}")),
                "m.keras");
        List<Layer> layers = m.layers();
        assertEquals(2, layers.size());
        assertEquals("LSTM", layers.get(0).type());
        assertEquals("TimeDistributed(Dense)", layers.get(1).type());
        assertEquals("td", layers.get(1).name());
        assertEquals(2, m.outputSize());
        assertEquals(8, m.stateLayout().floats());
        assertEquals(3 * 16 + 4 * 16 + 16 + 4 * 2 + 2, m.parameterCount());
        float[] y = run(m, new float[] {0.1f, -0.2f, 0.3f});
        assertEquals(1.0, y[0] + y[1], 1e-6, "softmax head");
    }

    /**
     * Embedding(4, 2, mask_zero) rows [100 100], [1 2], [3 4], [5 6] into a linear SimpleRNN of 1 unit summing its
     * inputs and its state: ids 1, 2 give h = 3, 3 + 7 = 10; id 0 is masked (h stays 10, output 10, where an
     * unmasked step would give 210); then id 3 gives 10 + 11 = 21.
     */
    @Test
    void embeddingTakesIdsAndMasksIdZero() {
        Model m = ModelBuilder.build(
                model(
                        Flavor.KERAS3,
                        500,
                        layer(
                                "Embedding",
                                "emb",
                                "{'input_dim':4,'output_dim':2,'mask_zero':true}",
                                t(new int[] {4, 2}, 100, 100, 1, 2, 3, 4, 5, 6)),
                        layer(
                                "SimpleRNN",
                                "rnn",
                                "{'units':1,'activation':'linear'}",
                                t(new int[] {2, 1}, 1, 1),
                                t(new int[] {1, 1}, 1),
                                t(new int[] {1}, 0))),
                "m.keras");
        assertTrue(m.input().takesIds());
        assertEquals(4, m.input().size());
        assertEquals("emb_input", m.input().name());
        assertEquals(1, m.inputSize());
        float[] state = new float[m.stateLayout().floats()];
        float[] y = new float[1];
        var stepper = m.newStepper(1);
        float[] outputs = new float[4];
        float[] ids = {1, 2, 0, 3};
        for (int i = 0; i < ids.length; i++) {
            stepper.step(new float[] {ids[i]}, state, y);
            outputs[i] = y[0];
        }
        assertArrayEquals(new float[] {3, 10, 10, 21}, outputs);
    }

    @Test
    void embeddingWithoutMaskZeroLooksUpRowZero() {
        Model m = ModelBuilder.build(
                model(
                        Flavor.KERAS3,
                        500,
                        layer(
                                "Embedding",
                                "emb",
                                "{'input_dim':3,'output_dim':2}",
                                t(new int[] {3, 2}, 7, 8, 1, 2, 3, 4))),
                "m.keras");
        assertArrayEquals(new float[] {7, 8}, run(m, new float[] {0}));
        assertArrayEquals(new float[] {3, 4}, run(m, new float[] {2}));
    }

    /** Conv1D, kernel size 1, kernel (1, 2, 2) = [[1, 2], [3, 4]], bias [0.5, -1]: [1, 1] gives [4.5, 5]. */
    @Test
    void pointwiseConvolutionIsADenseOverTheFeatures() {
        Model m = ModelBuilder.build(
                model(
                        Flavor.TF_KERAS2,
                        2,
                        layer(
                                "Conv1D",
                                "conv",
                                "{'filters':2,'kernel_size':[1],'padding':'causal','dilation_rate':[4]}",
                                t(new int[] {1, 2, 2}, 1, 2, 3, 4),
                                t(new int[] {2}, 0.5f, -1))),
                "m.h5");
        assertEquals("Conv1D", m.layers().get(0).type());
        assertArrayEquals(new float[] {4.5f, 5f}, run(m, new float[] {1, 1}));
    }

    /**
     * A mask that a recurrent layer has consumed may reach a causal convolution: it computes on the recurrent
     * layer's outputs (repeated at masked steps) and keeps its past inputs as state.
     */
    @Test
    void causalConvolutionAfterAMaskedRecurrentLayerIsServed() {
        Model m = ModelBuilder.build(
                model(
                        layer("Masking", "mask", "{'mask_value':0.0}"),
                        lstm("lstm", 3, 4, true),
                        layer(
                                "Conv1D",
                                "conv",
                                "{'filters':2,'kernel_size':[3],'padding':'causal','dilation_rate':[2]}",
                                t(3, 4, 2),
                                t(2))),
                "m.keras");
        assertEquals(
                List.of(
                        new lstmjob.model.StateLayout.Entry("lstm", "LSTM", 2, 4, 0),
                        new lstmjob.model.StateLayout.Entry("conv", "Conv1D", 4, 4, 8)),
                m.stateLayout().entries());
    }

    @Test
    void derivesTheInputSizeFromTheFirstKernel() {
        Model m = ModelBuilder.build(
                model(
                        Flavor.KERAS3,
                        0,
                        layer("Masking", "mask", "{'mask_value':0.0}"),
                        lstm("lstm", 5, 2, false),
                        dense("d", 2, 1)),
                "m.keras");
        assertEquals(5, m.inputSize());
    }

    /** LSTM, 1 unit, x = 1, zero state, kernel [1, 0, 1, 1] (i, f, c, o), no recurrent kernel or bias. */
    private static double gateTest(Flavor flavor, String extraConfig) {
        Model m = ModelBuilder.build(
                model(
                        flavor,
                        1,
                        layer(
                                "LSTM",
                                "lstm",
                                "{'units':1" + extraConfig + "}",
                                t(new int[] {1, 4}, 1, 0, 1, 1),
                                t(new int[] {1, 4}, 0, 0, 0, 0),
                                t(new int[] {4}, 0, 0, 0, 0))),
                "m");
        return run(m, new float[] {1})[0];
    }

    private static double lstmOneStep(double gate) {
        double c = gate * Math.tanh(1);
        return gate * Math.tanh(c);
    }

    @Test
    void recurrentActivationDefaultsByKerasGeneration() {
        double hard = lstmOneStep(0.7);
        double sigmoid = lstmOneStep(1 / (1 + Math.exp(-1)));
        assertEquals(hard, gateTest(Flavor.KERAS2, ""), 1e-6);
        assertEquals(hard, gateTest(Flavor.TFJS, ""), 1e-6);
        assertEquals(sigmoid, gateTest(Flavor.TF_KERAS2, ""), 1e-6);
        assertEquals(sigmoid, gateTest(Flavor.KERAS3, ""), 1e-6);
        // Keras 3's own hard_sigmoid when named explicitly: relu6(1 + 3) / 6
        assertEquals(lstmOneStep(4 / 6.0), gateTest(Flavor.KERAS3, ",'recurrent_activation':'hard_sigmoid'"), 1e-6);
    }

    private static boolean resetAfter(Flavor flavor, String config, Tensor... weights) {
        Model m = ModelBuilder.build(model(flavor, 3, layer("GRU", "gru", config, weights)), "m");
        return assertInstanceOf(GruLayer.class, m.layers().get(0)).resetAfter();
    }

    @Test
    void gruResetAfterDefaultsByKerasGenerationOrBiasShape() {
        assertFalse(resetAfter(Flavor.KERAS2, "{'units':2,'use_bias':false}", t(3, 6), t(2, 6)));
        assertFalse(resetAfter(Flavor.TFJS, "{'units':2,'use_bias':false}", t(3, 6), t(2, 6)));
        assertTrue(resetAfter(Flavor.TF_KERAS2, "{'units':2,'use_bias':false}", t(3, 6), t(2, 6)));
        assertTrue(resetAfter(Flavor.KERAS3, "{'units':2,'use_bias':false}", t(3, 6), t(2, 6)));
        // the bias shape settles it when the config is silent
        assertTrue(resetAfter(Flavor.KERAS2, "{'units':2}", t(3, 6), t(2, 6), t(2, 6)));
        assertFalse(resetAfter(Flavor.KERAS3, "{'units':2}", t(3, 6), t(2, 6), t(6)));
        // and the config wins when it speaks
        assertTrue(resetAfter(Flavor.KERAS2, "{'units':2,'reset_after':true}", t(3, 6), t(2, 6), t(2, 6)));
    }

    @Test
    void cuDnnLstmAddsItsTwoBiasesAndUsesSigmoidGates() {
        Tensor kernel = t(3, 8);
        Tensor recurrent = t(2, 8);
        float[] split = t(16).data();
        float[] summed = new float[8];
        for (int j = 0; j < 8; j++) {
            summed[j] = split[j] + split[8 + j];
        }
        Model cudnn = ModelBuilder.build(
                model(
                        Flavor.TF_KERAS2,
                        3,
                        layer("CuDNNLSTM", "c", "{'units':2}", kernel, recurrent, t(new int[] {16}, split))),
                "m");
        Model plain = ModelBuilder.build(
                model(
                        Flavor.TF_KERAS2,
                        3,
                        layer(
                                "LSTM",
                                "l",
                                "{'units':2,'recurrent_activation':'sigmoid'}",
                                kernel,
                                recurrent,
                                t(new int[] {8}, summed))),
                "m");
        float[] x = {0.3f, -0.7f, 0.2f};
        assertArrayEquals(run(plain, x), run(cudnn, x), 1e-6f);
    }

    @Test
    void normalizationFlagsDecideWhichWeightsExist() {
        Model m = ModelBuilder.build(
                model(
                        layer("BatchNormalization", "bn", "{'center':false,'axis':-1}", t(3), t(3), t(3)),
                        layer("LayerNormalization", "ln", "{'axis':[-1],'scale':false}", t(3)),
                        layer("LayerNormalization", "rms", "{'axis':-1,'rms_scaling':true}", t(3))),
                "m");
        assertEquals(9 + 3 + 3, m.parameterCount());
    }

    @Test
    void activationLayersMapOntoOneLayerType() {
        Model m = ModelBuilder.build(
                model(
                        dense("d", 3, 3),
                        layer("LeakyReLU", "leaky", "{'alpha':0.5}"),
                        layer("ReLU", "relu", "{'max_value':6.0,'negative_slope':0.0,'threshold':0.0}"),
                        layer("ELU", "elu", "{'alpha':1.0}"),
                        layer("Softmax", "sm", "{'axis':-1}"),
                        layer("Activation", "act", "{'activation':{'class_name':'function','config':'linear'}}")),
                "m");
        assertEquals(6, m.layers().size());
        assertEquals(3, m.outputSize());
        float[] y = run(m, new float[] {1, 2, 3});
        assertEquals(1.0, y[0] + y[1] + y[2], 1e-6);
    }
}
