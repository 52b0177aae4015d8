package lstmjob.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import lstmjob.model.load.onnx.Onnx.AttributeProto;
import lstmjob.model.load.onnx.Onnx.GraphProto;
import lstmjob.model.load.onnx.Onnx.ModelProto;
import lstmjob.model.load.onnx.Onnx.NodeProto;
import lstmjob.model.load.onnx.Onnx.OperatorSetIdProto;
import lstmjob.model.load.onnx.Onnx.TensorProto;
import lstmjob.model.load.onnx.Onnx.TensorShapeProto;
import lstmjob.model.load.onnx.Onnx.TypeProto;
import lstmjob.model.load.onnx.Onnx.ValueInfoProto;

/**
 * Writes a {@link ModelSpec} as the ONNX file PyTorch's exporter writes for {@code nn.LSTM(I, H, batch_first=True)}
 * and {@code nn.Linear(H, O)} exported one timestep at a time: input {@code features [batch, 1, I]}, state inputs
 * {@code lstm_h}, {@code lstm_c} {@code [1, batch, H]}; Transpose, LSTM, Squeeze, Transpose, MatMul, Add; outputs
 * {@code y [batch, 1, O]} and the new states {@code lstm_h_out}, {@code lstm_c_out}. Random weights from the seed.
 */
public final class OnnxModelWriter {

    private OnnxModelWriter() {}

    public static void write(ModelSpec spec, Path file) throws IOException {
        int h = spec.units();
        int i = spec.inputs();
        int o = spec.outputs();
        Random rnd = new Random(spec.seed());
        GraphProto.Builder g = GraphProto.newBuilder()
                .setName("bench_model")
                .addInput(value("features", -1, 1, i))
                .addInput(value("lstm_h", 1, -1, h))
                .addInput(value("lstm_c", 1, -1, h))
                .addOutput(value("y", -1, 1, o))
                .addOutput(value("lstm_h_out", 1, -1, h))
                .addOutput(value("lstm_c_out", 1, -1, h))
                .addInitializer(floats("W", uniform(rnd, 4 * h * i, h), 1, 4 * h, i))
                .addInitializer(floats("R", uniform(rnd, 4 * h * h, h), 1, 4 * h, h))
                .addInitializer(floats("B", uniform(rnd, 8 * h, h), 1, 8 * h))
                .addInitializer(floats("linear.weight", uniform(rnd, h * o, h), h, o))
                .addInitializer(floats("linear.bias", uniform(rnd, o, h), o))
                .addInitializer(TensorProto.newBuilder()
                        .setName("axis1")
                        .setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(1)
                        .addInt64Data(1));
        long[] swap = {1, 0, 2};
        g.addNode(node("Transpose", List.of("features"), List.of("xt")).addAttribute(ints("perm", swap)));
        g.addNode(node(
                        "LSTM",
                        List.of("xt", "W", "R", "B", "", "lstm_h", "lstm_c"),
                        List.of("Y", "lstm_h_out", "lstm_c_out"))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("hidden_size")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(h)));
        g.addNode(node("Squeeze", List.of("Y", "axis1"), List.of("ys")));
        g.addNode(node("Transpose", List.of("ys"), List.of("yt")).addAttribute(ints("perm", swap)));
        g.addNode(node("MatMul", List.of("yt", "linear.weight"), List.of("z")));
        g.addNode(node("Add", List.of("z", "linear.bias"), List.of("y")));
        ModelProto m = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("lstm-job bench --make-model " + spec)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g)
                .build();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.write(file, m.toByteArray());
    }

    private static NodeProto.Builder node(String op, List<String> in, List<String> out) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName("/" + op + "_" + out.get(0))
                .addAllInput(in)
                .addAllOutput(out);
    }

    private static AttributeProto ints(String name, long[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static TensorProto floats(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    /** PyTorch's initialisation of LSTM and Linear weights: uniform in ±1/√H. */
    private static float[] uniform(Random rnd, int n, int h) {
        double limit = 1 / Math.sqrt(h);
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
        }
        return v;
    }

    /** A float tensor's name and shape; -1 is the dynamic batch. */
    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(
                    d < 0
                            ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                            : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                                .setShape(shape)))
                .build();
    }
}
