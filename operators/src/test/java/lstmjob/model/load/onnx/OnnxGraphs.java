package lstmjob.model.load.onnx;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lstmjob.model.load.onnx.Onnx.AttributeProto;
import lstmjob.model.load.onnx.Onnx.GraphProto;
import lstmjob.model.load.onnx.Onnx.ModelProto;
import lstmjob.model.load.onnx.Onnx.NodeProto;
import lstmjob.model.load.onnx.Onnx.OperatorSetIdProto;
import lstmjob.model.load.onnx.Onnx.TensorProto;
import lstmjob.model.load.onnx.Onnx.TensorShapeProto;
import lstmjob.model.load.onnx.Onnx.TypeProto;
import lstmjob.model.load.onnx.Onnx.ValueInfoProto;

/** Small ONNX graphs written with the generated protobuf classes, as PyTorch's exporter lays them out. */
final class OnnxGraphs {

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");

    /** A float input; a dimension of -1 is the dynamic batch. */
    OnnxGraphs input(String name, long... dims) {
        graph.addInput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return this;
    }

    OnnxGraphs output(String name, long... dims) {
        graph.addOutput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return this;
    }

    OnnxGraphs weight(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return this;
    }

    /** A weight of the given shape with small varied values. */
    OnnxGraphs weight(String name, long... dims) {
        int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.3 * Math.sin(i * 1.7 + name.length()));
        }
        return weight(name, v, dims);
    }

    OnnxGraphs longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return this;
    }

    /** An int64 scalar (no dimensions). */
    OnnxGraphs scalar(String name, long value) {
        graph.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE)
                .addInt64Data(value));
        return this;
    }

    /** A node; {@code attributes} are name/value pairs (Long, Float, String, long[] or String[]). */
    OnnxGraphs node(String op, String name, List<String> in, List<String> out, Object... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(in)
                .addAllOutput(out);
        for (int i = 0; i < attributes.length; i += 2) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName((String) attributes[i]);
            Object v = attributes[i + 1];
            if (v instanceof Long l) {
                a.setType(AttributeProto.AttributeType.INT).setI(l);
            } else if (v instanceof Float f) {
                a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            } else if (v instanceof String s) {
                a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            } else if (v instanceof long[] ls) {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long l : ls) {
                    a.addInts(l);
                }
            } else {
                a.setType(AttributeProto.AttributeType.STRINGS);
                for (String s : (String[]) v) {
                    a.addStrings(ByteString.copyFrom(s, StandardCharsets.UTF_8));
                }
            }
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    Path write(Path dir, String file) {
        ModelProto m = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph)
                .build();
        try {
            return Files.write(dir.resolve(file), m.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ValueInfoProto value(String name, int type, long... dims) {
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
                        .setTensorType(
                                TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape)))
                .build();
    }

    static List<String> names(String... names) {
        return new ArrayList<>(Arrays.asList(names));
    }

    /**
     * features [B, 1, F] → Transpose → one recurrent node ({@code op}, hidden {@code h}) → Squeeze → Transpose →
     * output y [B, 1, h]; the recurrent node starts from zeros. {@code extra} adds attributes to it.
     */
    static OnnxGraphs recurrent(String op, int f, int h, Object... extra) {
        int gates = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
        OnnxGraphs g = new OnnxGraphs()
                .input("features", -1, 1, f)
                .output("y", -1, 1, h)
                .weight("W", 1, gates * h, f)
                .weight("R", 1, gates * h, h)
                .weight("B", 1, 2 * gates * h)
                .longs("axis1", 1)
                .node("Transpose", "/rnn/Transpose", names("features"), names("xt"), "perm", new long[] {1, 0, 2});
        Object[] attributes = new Object[extra.length + 2];
        attributes[0] = "hidden_size";
        attributes[1] = (long) h;
        System.arraycopy(extra, 0, attributes, 2, extra.length);
        g.node(op, "/rnn/" + op, names("xt", "W", "R", "B"), names("Y"), attributes)
                .node("Squeeze", "/rnn/Squeeze", names("Y", "axis1"), names("ys"))
                .node("Transpose", "/rnn/Transpose_1", names("ys"), names("y"), "perm", new long[] {1, 0, 2});
        return g;
    }

    /**
     * PyTorch's export of a one-layer GRU(3 → 4) for one timestep: input {@code features}, state input
     * {@code state}, output {@code y}; the GRU's final state is the tensor {@code finalState}, not yet an output.
     */
    static OnnxGraphs oneStepGru(String state, String finalState) {
        return new OnnxGraphs()
                .input("features", -1, 1, 3)
                .input(state, 1, -1, 4)
                .output("y", -1, 1, 4)
                .weight("W", 1, 12, 3)
                .weight("R", 1, 12, 4)
                .longs("axis1", 1)
                .node("Transpose", "/gru/Transpose", names("features"), names("xt"), "perm", new long[] {1, 0, 2})
                .node(
                        "GRU",
                        "/gru/GRU",
                        names("xt", "W", "R", "", "", state),
                        names("Y", finalState),
                        "hidden_size",
                        4L,
                        "linear_before_reset",
                        1L)
                .node("Squeeze", "/gru/Squeeze", names("Y", "axis1"), names("ys"))
                .node("Transpose", "/gru/Transpose_1", names("ys"), names("y"), "perm", new long[] {1, 0, 2});
    }
}
