package lstmjob.model.load.onnx;

import java.util.List;
import lstmjob.model.layers.Activation;
import lstmjob.model.layers.Activations;
import lstmjob.model.layers.GruLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.LstmLayer;
import lstmjob.model.layers.SimpleRnnLayer;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.onnx.Onnx.NodeProto;

/**
 * An ONNX {@code LSTM}, {@code GRU} or {@code RNN} node, one direction, as the layer that steps it: weights turned
 * from ONNX's layout ({@code W [1, G·H, I]}, {@code R [1, G·H, H]}, {@code B [1, 2·G·H]} = input and recurrent
 * biases) into the layers' ({@code (I, G·H)} row-major, gates in Keras order).
 * <ul>
 * <li>LSTM: ONNX gates i, o, f, c become i, f, c, o; the two biases are summed (both are added to every gate).</li>
 * <li>GRU: gates z, r, h in both; {@code linear_before_reset=1} is the reset-after cell with its two biases,
 * {@code 0} the reset-before cell, whose biases are summed.</li>
 * <li>RNN: h' = f(x·Wᵀ + h·Rᵀ + Wb + Rb).</li>
 * </ul>
 */
final class RecurrentReader {

    /** ONNX's LSTM gate block (i, o, f, c) for each Keras gate (i, f, c, o). */
    private static final int[] LSTM_GATES = {0, 2, 3, 1};

    private static final int[] GRU_GATES = {0, 1, 2};
    private static final int[] RNN_GATES = {0};

    private RecurrentReader() {}

    /**
     * @param w the {@code W} initializer, {@code r} the {@code R}, {@code b} the {@code B} or null
     * @param peepholes {@code P} (LSTM) or null
     */
    static Layer read(
            NodeProto node,
            String name,
            int inputSize,
            ConstTensor w,
            ConstTensor r,
            ConstTensor b,
            ConstTensor peepholes,
            MatrixKernel kernel) {
        String op = node.getOpType();
        OnnxAttributes a = new OnnxAttributes(node);
        String direction = a.string("direction", "forward");
        if (!direction.equals("forward")) {
            throw OnnxRefusal.blocking("direction '" + direction + "' needs the whole sequence before its first "
                    + "output (only 'forward' is computed one timestep at a time)");
        }
        if (a.has("clip")) {
            throw new OnnxRefusal("'clip' (cell clipping) is not supported");
        }
        if (a.integer("input_forget", 0) != 0) {
            throw new OnnxRefusal("'input_forget' (coupled input and forget gates) is not supported");
        }
        int gates = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
        int hidden = (int) a.integer("hidden_size", -1);
        if (w.rank() != 3 || w.dims()[0] != 1) {
            throw new OnnxRefusal("W has shape " + w.shapeString() + ", expected [1, " + gates + "·hidden, input]");
        }
        if (hidden <= 0) {
            hidden = (int) (w.dims()[1] / gates);
        }
        int h = hidden;
        int gh = gates * h;
        expect("W", w, 1, gh, inputSize);
        expect("R", r, 1, gh, h);
        if (b != null) {
            expect("B", b, 1, 2 * gh);
        }
        if (peepholes != null) {
            expect("P", peepholes, 1, 3 * h);
            if (!peepholes.allZero()) {
                throw new OnnxRefusal("peephole weights (P) are not supported; only all-zero peepholes are served");
            }
        }
        if (!w.isFloat() || !r.isFloat() || (b != null && !b.isFloat())) {
            throw new OnnxRefusal("its weights are not floating point");
        }
        List<String> acts = a.strings("activations");
        if (!a.floats("activation_alpha").isEmpty()
                || !a.floats("activation_beta").isEmpty()) {
            throw new OnnxRefusal("activations with parameters (activation_alpha, activation_beta) are not supported");
        }
        int[] order = gates == 4 ? LSTM_GATES : gates == 3 ? GRU_GATES : RNN_GATES;
        float[] kernelMatrix = transposedGates(w.floats(), order, h, inputSize);
        float[] recurrent = transposedGates(r.floats(), order, h, h);
        switch (op) {
            case "LSTM" -> {
                Activation f = activation(acts, 0, "Sigmoid");
                Activation g = activation(acts, 1, "Tanh");
                Activation hh = activation(acts, 2, "Tanh");
                if (g != hh) {
                    throw new OnnxRefusal("different cell and output activations (" + acts.get(1) + ", " + acts.get(2)
                            + ") are not supported");
                }
                float[] bias = b == null ? null : summedBias(b.floats(), order, h);
                return new LstmLayer(name, "LSTM", inputSize, h, kernelMatrix, recurrent, bias, g, f, true, kernel);
            }
            case "GRU" -> {
                Activation f = activation(acts, 0, "Sigmoid");
                Activation g = activation(acts, 1, "Tanh");
                boolean resetAfter = a.integer("linear_before_reset", 0) != 0;
                float[] bias = b == null ? null : resetAfter ? b.floats().clone() : summedBias(b.floats(), order, h);
                return new GruLayer(
                        name, "GRU", inputSize, h, resetAfter, kernelMatrix, recurrent, bias, g, f, true, kernel);
            }
            default -> {
                Activation f = activation(acts, 0, "Tanh");
                float[] bias = b == null ? null : summedBias(b.floats(), order, h);
                return new SimpleRnnLayer(name, "RNN", inputSize, h, kernelMatrix, recurrent, bias, f, true, kernel);
            }
        }
    }

    /** ONNX's [gates·h, cols] (row j of gate block g) as the layers' (cols, gates·h), gate blocks in Keras order. */
    private static float[] transposedGates(float[] onnx, int[] order, int h, int cols) {
        int n = order.length * h;
        float[] out = new float[cols * n];
        for (int g = 0; g < order.length; g++) {
            for (int j = 0; j < h; j++) {
                int row = order[g] * h + j;
                for (int k = 0; k < cols; k++) {
                    out[k * n + g * h + j] = onnx[row * cols + k];
                }
            }
        }
        return out;
    }

    /** Wb + Rb per gate, in Keras order. */
    private static float[] summedBias(float[] b, int[] order, int h) {
        int n = order.length * h;
        float[] out = new float[n];
        for (int g = 0; g < order.length; g++) {
            for (int j = 0; j < h; j++) {
                int at = order[g] * h + j;
                out[g * h + j] = b[at] + b[n + at];
            }
        }
        return out;
    }

    private static Activation activation(List<String> names, int i, String fallback) {
        String name = i < names.size() ? names.get(i) : fallback;
        return switch (name) {
            case "Sigmoid" -> Activations.SIGMOID;
            case "Tanh" -> Activations.TANH;
            case "Relu" -> Activations.RELU;
            case "Softsign" -> Activations.SOFTSIGN;
            case "Softplus" -> Activations.SOFTPLUS;
            case "HardSigmoid" -> Activations.HARD_SIGMOID_KERAS2; // ONNX's defaults: clip(0.2·x + 0.5, 0, 1)
            default -> throw new OnnxRefusal("activation '" + name + "' is not supported in a recurrent node");
        };
    }

    private static void expect(String what, ConstTensor t, long... dims) {
        if (!java.util.Arrays.equals(t.dims(), dims)) {
            throw new OnnxRefusal(
                    what + " has shape " + t.shapeString() + ", expected " + java.util.Arrays.toString(dims));
        }
    }
}
