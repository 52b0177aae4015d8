package lstmjob.model.load.onnx;

import static lstmjob.model.load.onnx.OnnxGraphs.names;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.model.ModelStepper;
import lstmjob.model.load.Models;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graphs the PyTorch fixtures do not cover, built node for node as {@code tools/reference/onnx_ops.py} describes
 * them, give the outputs that script computes with numpy from the ONNX operator definitions.
 */
class OnnxReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void gruResetBeforeThenGemmThenExactGelu() throws IOException {
        JsonNode ref = reference("gru-reset-before-gemm-gelu");
        OnnxGraphs g = withWeights(ref)
                .input("features", -1, 1, 3)
                .output("y", -1, 5)
                .longs("axis1", 1)
                .longs("flat", -1, 4)
                .node("Transpose", "t", names("features"), names("xt"), "perm", new long[] {1, 0, 2})
                .node(
                        "GRU",
                        "gru",
                        names("xt", "W", "R", "B"),
                        names("Y"),
                        "hidden_size",
                        4L,
                        "linear_before_reset",
                        0L)
                .node("Squeeze", "sq", names("Y", "axis1"), names("ys"))
                .node("Transpose", "t1", names("ys"), names("yt"), "perm", new long[] {1, 0, 2})
                .node("Reshape", "flatten", names("yt", "flat"), names("y2"))
                .node(
                        "Gemm",
                        "gemm",
                        names("y2", "gemm_B", "gemm_C"),
                        names("g"),
                        "transB",
                        1L,
                        "alpha",
                        0.5f,
                        "beta",
                        2f)
                .node("Constant", "c_sqrt2", names(), names("sqrt2"), "value_float", (float) Math.sqrt(2))
                .node("Div", "div", names("g", "sqrt2"), names("d"))
                .node("Erf", "erf", names("d"), names("e"))
                .node("Constant", "c_one", names(), names("one"), "value_float", 1f)
                .node("Add", "add", names("e", "one"), names("a"))
                .node("Mul", "mul", names("g", "a"), names("m"))
                .node("Constant", "c_half", names(), names("half"), "value_float", 0.5f)
                .node("Mul", "mul_1", names("m", "half"), names("y"));
        assertSteps(ref, Models.load(g.write(dir, "a.onnx")));
    }

    @Test
    void lstmLayoutOneFromZerosMadeOfItsInputsShapeThenSiluAndSoftmax() throws IOException {
        JsonNode ref = reference("lstm-layout1-zero-state-silu-softmax");
        OnnxGraphs g = withWeights(ref)
                .input("features", -1, -1, 3)
                .output("y", -1, -1, 6)
                .scalar("zero", 0)
                .longs("axis0", 0)
                .longs("axis2", 2)
                .longs("one", 1)
                .longs("hidden", 4)
                .node("Shape", "shape", names("features"), names("s"))
                .node("Gather", "batch", names("s", "zero"), names("b"))
                .node("Unsqueeze", "batch_1", names("b", "axis0"), names("b1"))
                .node("Concat", "state_shape", names("b1", "one", "hidden"), names("hs"), "axis", 0L)
                .node("ConstantOfShape", "zeros", names("hs"), names("h0"))
                .node(
                        "LSTM",
                        "lstm",
                        names("features", "W", "R", "B", "", "h0", "h0"),
                        names("Y"),
                        "hidden_size",
                        4L,
                        "layout",
                        1L)
                .node("Squeeze", "sq", names("Y", "axis2"), names("ys"))
                .node("MatMul", "matmul", names("ys", "kernel"), names("mm"))
                .node("Add", "add", names("mm", "bias"), names("lin"))
                .node("Sigmoid", "sigmoid", names("lin"), names("sg"))
                .node("Mul", "silu", names("lin", "sg"), names("act"))
                .node("Softmax", "softmax", names("act"), names("y"), "axis", -1L);
        assertSteps(ref, Models.load(g.write(dir, "b.onnx")));
    }

    @Test
    void rnnWithReluAndNoBiasThenLayerNormalization() throws IOException {
        JsonNode ref = reference("rnn-relu-no-bias-layer-norm");
        OnnxGraphs g = withWeights(ref)
                .input("features", -1, 1, 2)
                .output("y", -1, 1, 5)
                .longs("axis1", 1)
                .node("Transpose", "t", names("features"), names("xt"), "perm", new long[] {1, 0, 2})
                .node("RNN", "rnn", names("xt", "W", "R"), names("Y"), "hidden_size", 5L, "activations", new String[] {
                    "Relu"
                })
                .node("Squeeze", "sq", names("Y", "axis1"), names("ys"))
                .node("Transpose", "t1", names("ys"), names("yt"), "perm", new long[] {1, 0, 2})
                .node(
                        "LayerNormalization",
                        "ln",
                        names("yt", "scale", "shift"),
                        names("n"),
                        "axis",
                        -1L,
                        "epsilon",
                        1e-5f)
                .node("Tanh", "tanh", names("n"), names("y"));
        assertSteps(ref, Models.load(g.write(dir, "c.onnx")));
    }

    private static JsonNode reference(String name) throws IOException {
        return JSON.readTree(Repository.root()
                .resolve("operators/src/test/resources/onnx-reference/" + name + ".json")
                .toFile());
    }

    private static OnnxGraphs withWeights(JsonNode ref) {
        OnnxGraphs g = new OnnxGraphs();
        for (Iterator<Map.Entry<String, JsonNode>> it = ref.path("weights").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> w = it.next();
            long[] dims = new long[w.getValue().path("dims").size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = w.getValue().path("dims").get(i).asLong();
            }
            float[] values = new float[w.getValue().path("values").size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) w.getValue().path("values").get(i).asDouble();
            }
            g.weight(w.getKey(), values, dims);
        }
        return g;
    }

    /** One key through every timestep: each output within the contract's tolerance of numpy's. */
    private static void assertSteps(JsonNode ref, Model model) {
        ModelStepper stepper = model.newStepper(1);
        float[] state = new float[model.stateLayout().floats()];
        float[] out = new float[model.outputSize()];
        for (int t = 0; t < ref.path("inputs").size(); t++) {
            JsonNode x = ref.path("inputs").get(t);
            float[] in = new float[x.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) x.get(i).asDouble();
            }
            stepper.step(in, state, out);
            JsonNode want = ref.path("expected").get(t);
            assertTrue(want.size() == out.length, "output size");
            for (int i = 0; i < out.length; i++) {
                double b = want.get(i).asDouble();
                assertTrue(
                        Math.abs(out[i] - b) <= 1e-5 * Math.max(1, Math.abs(b)),
                        ref.path("case").asText() + " step " + t + " output " + i + ": " + out[i] + " vs " + b);
            }
        }
    }
}
