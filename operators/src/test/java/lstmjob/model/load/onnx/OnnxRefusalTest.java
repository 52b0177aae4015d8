package lstmjob.model.load.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX graphs that cannot be served are refused with one message naming every node in the way and why. */
class OnnxRefusalTest {

    @TempDir
    Path dir;

    private String refusal(OnnxGraphs g) {
        Path file = g.write(dir, "model.onnx");
        return assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
    }

    @Test
    void aForwardRecurrentNodeIsServed() {
        for (String op : new String[] {"LSTM", "GRU", "RNN"}) {
            Model m = Models.load(OnnxGraphs.recurrent(op, 3, 4).write(dir, op + ".onnx"));
            assertEquals(3, m.inputSize(), op);
            assertEquals(4, m.outputSize(), op);
            assertEquals(op.equals("LSTM") ? 8 : 4, m.stateLayout().floats(), op);
        }
    }

    @Test
    void aBidirectionalLstmNeedsTheWholeSequence() {
        String why = refusal(OnnxGraphs.recurrent("LSTM", 3, 4, "direction", "bidirectional"));
        assertTrue(why.contains("node '/rnn/LSTM' (LSTM): direction 'bidirectional' needs the whole sequence"), why);
    }

    @Test
    void aReverseGruNeedsTheWholeSequence() {
        String why = refusal(OnnxGraphs.recurrent("GRU", 3, 4, "direction", "reverse"));
        assertTrue(why.contains("node '/rnn/GRU' (GRU): direction 'reverse' needs the whole sequence"), why);
    }

    @Test
    void anUnsupportedOperatorIsNamed() {
        OnnxGraphs g = OnnxGraphs.recurrent("GRU", 3, 4).output("z", -1, 1, 4);
        g.node("Cos", "/head/Cos", OnnxGraphs.names("y"), OnnxGraphs.names("z"));
        String why = refusal(g);
        assertTrue(why.contains("node '/head/Cos' (Cos): operator Cos is not supported"), why);
    }

    @Test
    void everyBlockingNodeIsNamedInOneMessage() {
        OnnxGraphs g = OnnxGraphs.recurrent("LSTM", 3, 4, "direction", "bidirectional")
                .output("z", -1, 1, 4)
                .node("Erf", "/head/Erf", OnnxGraphs.names("features"), OnnxGraphs.names("e"))
                .node("CumSum", "/head/CumSum", OnnxGraphs.names("features", "axis1"), OnnxGraphs.names("z"));
        String why = refusal(g);
        assertTrue(why.contains("3 problems"), why);
        assertTrue(why.contains("node '/rnn/LSTM' (LSTM): direction 'bidirectional'"), why);
        assertTrue(why.contains("node '/head/CumSum' (CumSum): operator CumSum is not served one timestep"), why);
        assertTrue(why.contains("node '/head/Erf' (Erf): Erf is served only as part of exact GELU"), why);
        // the nodes that block serving one timestep at a time come first
        assertTrue(why.indexOf("CumSum") < why.indexOf("Erf"), why);
    }

    @Test
    void aSecondaryOutputThatIsNotComputedIsRefusedWhereItIsRead() {
        OnnxGraphs g = OnnxGraphs.recurrent("GRU", 3, 4)
                .output("z", -1, 1, 1)
                .node("LayerNormalization", "/head/LayerNorm", OnnxGraphs.names("y"), OnnxGraphs.names("n", "mean"))
                .node("Relu", "/head/Relu", OnnxGraphs.names("mean"), OnnxGraphs.names("z"));
        String why = refusal(g);
        assertTrue(
                why.contains("node '/head/Relu' (Relu): reads a LayerNormalization's mean or inverse deviation, "
                        + "which is not served"),
                why);
    }

    @Test
    void attentionBetweenComputedTensorsNeedsTheWholeSequence() {
        OnnxGraphs g = OnnxGraphs.recurrent("GRU", 3, 4)
                .output("z", -1, 1, 1)
                .node(
                        "Transpose",
                        "/attn/Transpose",
                        OnnxGraphs.names("y"),
                        OnnxGraphs.names("yt"),
                        "perm",
                        new long[] {0, 2, 1})
                .node("MatMul", "/attn/MatMul", OnnxGraphs.names("y", "yt"), OnnxGraphs.names("z"));
        String why = refusal(g);
        assertTrue(why.contains("node '/attn/MatMul' (MatMul): multiplies two computed tensors"), why);
    }

    @Test
    void nonZeroPeepholesAreRefusedAndZeroPeepholesServed() {
        OnnxGraphs zero = OnnxGraphs.recurrent("LSTM", 3, 4).weight("P", new float[12], 1, 12);
        zero.node("Identity", "/p/Identity", OnnxGraphs.names("P"), OnnxGraphs.names("P2"));
        Path served = withPeepholes(zero, "zero.onnx");
        assertEquals(8, Models.load(served).stateLayout().floats());

        OnnxGraphs nonZero = OnnxGraphs.recurrent("LSTM", 3, 4).weight("P", 1, 12);
        String why = assertThrows(ModelLoadException.class, () -> Models.load(withPeepholes(nonZero, "p.onnx")))
                .getMessage();
        assertTrue(why.contains("node '/rnn/LSTM' (LSTM): peephole weights (P) are not supported"), why);
    }

    /** The graph with its LSTM reading P (inputs 5 and 6, the initial states, left out). */
    private Path withPeepholes(OnnxGraphs g, String file) {
        Path p = g.write(dir, file);
        try {
            Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(p));
            Onnx.GraphProto.Builder graph = m.getGraph().toBuilder();
            for (Onnx.NodeProto.Builder n : graph.getNodeBuilderList()) {
                if (n.getOpType().equals("LSTM")) {
                    n.addInput("").addInput("").addInput("").addInput("P");
                }
            }
            return Files.write(p, m.toBuilder().setGraph(graph).build().toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStateInputThatNoOutputFeedsBackIsRefused() {
        OnnxGraphs g = OnnxGraphs.oneStepGru("gru_h", "h_out");
        String why = refusal(g);
        assertTrue(why.contains("state input 'gru_h' is not fed back by any output"), why);

        // with the output that feeds it back, the pair vanishes into the key's state
        Model m = Models.load(g.output("h_out", 1, -1, 4).write(dir, "paired.onnx"));
        assertEquals("features", m.input().name());
        assertEquals(4, m.stateLayout().floats());
    }

    @Test
    void weightsThatAreNotFiniteAreRefusedUnlessAllowed() {
        OnnxGraphs g = OnnxGraphs.recurrent("RNN", 2, 2).weight("W", new float[] {1, Float.NaN, 0, 1}, 1, 2, 2);
        Path file = g.write(dir, "nan.onnx");
        String why =
                assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
        assertTrue(why.contains("'W' (initializer): holds NaN or infinite values"), why);
        Model m = Models.load(file, lstmjob.model.load.LoadLimits.DEFAULT.allowingNonFiniteWeights());
        assertFalse(m.warnings().isEmpty());
    }

    @Test
    void aTruncatedFileIsCorrupt() throws IOException {
        Path file = OnnxGraphs.recurrent("GRU", 3, 4).write(dir, "cut.onnx");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String why =
                assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
        assertTrue(why.contains("truncated or corrupt"), why);
    }
}
