package lstmjob.model.load.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.onnx.GraphWalker.Refused;
import lstmjob.model.load.onnx.Onnx.GraphProto;
import lstmjob.model.load.onnx.Onnx.ModelProto;
import lstmjob.model.load.onnx.Onnx.OperatorSetIdProto;
import lstmjob.model.load.onnx.Onnx.TensorProto;
import lstmjob.model.load.onnx.Onnx.ValueInfoProto;
import lstmjob.model.load.onnx.Value.FinalState;
import lstmjob.model.load.onnx.Value.FinalStates;
import lstmjob.model.load.onnx.Value.Flow;
import lstmjob.model.load.onnx.Value.StateInput;

/**
 * Loads an ONNX model of a recurrent network (as PyTorch's exporter writes one: {@code LSTM}, {@code GRU},
 * {@code RNN} nodes with the layers around them) into the {@link Model} the Keras readers build, stepped by the
 * same layers. A one-timestep export's state inputs and the outputs that feed them back become the key's state;
 * a recurrent node that starts from zeros keeps its state in the key's state too. Anything that cannot be served
 * one timestep at a time is refused with one message naming every node in the way and why.
 */
public final class OnnxReader {

    /** Protobuf's own limit on a message: 2 GB. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8L;

    private OnnxReader() {}

    /** Whether the file's first bytes are those of an ONNX model (a ModelProto starts with ir_version, field 1). */
    public static boolean looksLikeOnnx(byte[] head, int n) {
        return n >= 2 && head[0] == 0x08 && head[1] > 0 && head[1] < 32;
    }

    public static Model read(Path file, LoadLimits limits, MatrixKernel kernel) {
        OnnxFlow flow = flow(file, limits, kernel);
        try {
            return GraphAssembly.of(file.toString(), flow, kernel);
        } catch (OnnxRefusal r) {
            throw new ModelLoadException(file + ": " + r.getMessage());
        }
    }

    /** What the file's graph computes per key and timestep, or why (every reason) it cannot be served. */
    static OnnxFlow flow(Path file, LoadLimits limits, MatrixKernel kernel) {
        String source = file.toString();
        ModelProto proto = parse(file, limits);
        GraphProto g = proto.getGraph();
        long parameters = 0;
        for (TensorProto t : g.getInitializerList()) {
            long n = 1;
            for (long d : t.getDimsList()) {
                // a negative dimension is refused where the tensor is read; an overflowing one is too many
                n = d < 0 ? 0 : multiplyOrMax(n, d);
            }
            parameters = multiplyOrMax(1, parameters + n < 0 ? Long.MAX_VALUE : parameters + n);
        }
        if (parameters > limits.maxParameters()) {
            throw new ModelLoadException(source + ": the model holds " + parameters + " weights, more than the "
                    + limits.maxParameters() + " allowed (--max-model-parameters)");
        }
        int opset = opset(proto);
        GraphWalker walker = new GraphWalker(kernel, opset);
        walker.walk(g);
        List<Refused> refused = new ArrayList<>(walker.refused());
        if (!limits.allowNonFiniteWeights()) {
            for (String name : walker.nonFinite()) {
                refused.add(new Refused(
                        name,
                        "initializer",
                        "holds NaN or infinite values (--allow-non-finite-weights serves it anyway)",
                        false));
            }
        }
        List<String> graphProblems = new ArrayList<>();
        List<Integer> dataOutputs = new ArrayList<>();
        List<String> dataOutputNames = new ArrayList<>();
        Map<String, List<FinalState>> stateOutputs = new LinkedHashMap<>();
        for (ValueInfoProto out : g.getOutputList()) {
            Value v = walker.value(out.getName());
            if (v instanceof Flow f) {
                if (f.featureAxis() != f.axes().length() - 1 || !f.axes().contains("B")) {
                    graphProblems.add(
                            "output '" + out.getName() + "' does not have the batch first and the features last");
                }
                dataOutputs.add(f.node());
                dataOutputNames.add(out.getName());
            } else if (v instanceof FinalStates s) {
                stateOutputs.put(out.getName(), s.parts());
            } else if (v instanceof FinalState s) {
                stateOutputs.put(out.getName(), List.of(s));
            } else if (v instanceof Value.Partial p) {
                graphProblems.add("output '" + out.getName() + "' is part of a formula (from node '" + p.onnxNode()
                        + "') that is not recognised as exact GELU");
            } else if (v instanceof Value.Unserved u) {
                graphProblems.add("output '" + out.getName() + "' is " + u.what() + ", which is not served");
            } else if (v != null && !(v instanceof Value.Unknown)) {
                graphProblems.add("output '" + out.getName() + "' is not computed from the inputs");
            }
        }
        Map<String, Integer> stateInputs = new LinkedHashMap<>();
        for (ValueInfoProto in : g.getInputList()) {
            if (walker.value(in.getName()) instanceof StateInput s) {
                stateInputs.put(s.name(), s.layers());
            }
        }
        graphProblems.addAll(StateBinding.check(walker.bindings(), stateInputs, stateOutputs));
        if (dataOutputs.isEmpty() && refused.isEmpty() && graphProblems.isEmpty()) {
            graphProblems.add("no output is computed from the data inputs");
        }
        if (!refused.isEmpty() || !graphProblems.isEmpty()) {
            throw new ModelLoadException(source + ": " + message(refused, graphProblems));
        }
        List<String> warnings = new ArrayList<>();
        for (String name : walker.nonFinite()) {
            warnings.add("weight '" + name + "' holds NaN or infinite values: its predictions may be NaN");
        }
        return new OnnxFlow(
                walker.graph(), walker.inputNodes(g), dataOutputs, dataOutputNames, producer(proto, opset), warnings);
    }

    private static long multiplyOrMax(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String producer(ModelProto proto, int opset) {
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).trim();
        return (producer.isEmpty() ? "unknown producer" : producer) + ", opset " + opset;
    }

    private static int opset(ModelProto proto) {
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        return 1;
    }

    /** Nodes that block serving one timestep at a time first, then the others; then what is wrong in the graph. */
    private static String message(List<Refused> refused, List<String> graphProblems) {
        List<String> parts = new ArrayList<>();
        for (boolean blocks : new boolean[] {true, false}) {
            for (Refused r : refused) {
                if (r.blocks() == blocks) {
                    parts.add("node '" + r.node() + "' (" + r.op() + "): " + r.reason());
                }
            }
        }
        parts.addAll(graphProblems);
        int n = parts.size();
        return (n == 1 ? "" : n + " problems stop it from being served: ") + String.join("; ", parts);
    }

    private static ModelProto parse(Path file, LoadLimits limits) {
        try {
            long size = Files.size(file);
            long max = Math.min(MAX_FILE_BYTES, limits.maxParameters() * 8 + (16 << 20));
            if (size > max) {
                throw new ModelLoadException(file + ": the file is " + size + " bytes, more than a model of "
                        + limits.maxParameters() + " weights (--max-model-parameters) needs");
            }
            try (InputStream in = Files.newInputStream(file)) {
                CodedInputStream coded = CodedInputStream.newInstance(in);
                coded.setSizeLimit((int) Math.min(Integer.MAX_VALUE, size + 1));
                ModelProto proto = ModelProto.parseFrom(coded);
                if (!proto.hasGraph()) {
                    throw new ModelLoadException(file + ": an ONNX model without a graph");
                }
                return proto;
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException(file + ": the ONNX file is truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot read the file: " + e.getMessage(), e);
        }
    }
}
