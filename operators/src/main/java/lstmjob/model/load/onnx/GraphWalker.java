package lstmjob.model.load.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.ModelInput;
import lstmjob.model.layers.Activation;
import lstmjob.model.layers.ActivationLayer;
import lstmjob.model.layers.Activations;
import lstmjob.model.layers.EmbeddingLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.LayerNormalizationLayer;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.onnx.FlowGraph.DenseNode;
import lstmjob.model.load.onnx.FlowGraph.LayerNode;
import lstmjob.model.load.onnx.Onnx.GraphProto;
import lstmjob.model.load.onnx.Onnx.NodeProto;
import lstmjob.model.load.onnx.Onnx.TensorProto;
import lstmjob.model.load.onnx.Onnx.TensorShapeProto;
import lstmjob.model.load.onnx.Onnx.ValueInfoProto;
import lstmjob.model.load.onnx.Value.Const;
import lstmjob.model.load.onnx.Value.FinalState;
import lstmjob.model.load.onnx.Value.FinalStates;
import lstmjob.model.load.onnx.Value.Flow;
import lstmjob.model.load.onnx.Value.Partial;
import lstmjob.model.load.onnx.Value.StateInput;
import lstmjob.model.load.onnx.Value.StateSlice;
import lstmjob.model.load.onnx.Value.Unknown;
import lstmjob.model.load.onnx.Value.ZeroState;

/**
 * Walks an ONNX graph in its node order and recognises what it computes for one key and one timestep: constants
 * are folded, nodes that only move the axes of a one-timestep batch vanish, and the rest becomes layers in a
 * {@link FlowGraph}; the recurrent nodes' initial states are bound to the state inputs that feed them. Every node
 * that cannot be served is noted with why, and the walk goes on so that one message can name them all.
 */
final class GraphWalker {

    private static final double SQRT2 = Math.sqrt(2);

    /** One refused node. */
    record Refused(String node, String op, String reason, boolean blocks) {}

    /** A recurrent node's state vector {@code vector} at its start: fed by layer {@code layer} of a state input. */
    record Binding(String stateInput, int layer, int node, int vector) {}

    private final MatrixKernel kernel;
    private final int opset;
    private final Map<String, Value> values = new HashMap<>();
    private final FlowGraph graph = new FlowGraph();
    private final List<Refused> refused = new ArrayList<>();
    private final List<Binding> bindings = new ArrayList<>();
    /** Id inputs, by name, once an Embedding reads them: the input node. */
    private final Map<String, Integer> idInputs = new LinkedHashMap<>();
    /** The graph inputs of ids, by name: their axes. */
    private final Map<String, String> idAxes = new HashMap<>();
    /** The data inputs in the graph's order, as nodes (ids inputs get theirs at their Embedding). */
    private final Map<String, Integer> inputNodes = new LinkedHashMap<>();

    private final List<String> nonFinite = new ArrayList<>();
    private String currentName;

    GraphWalker(MatrixKernel kernel, int opset) {
        this.kernel = kernel;
        this.opset = opset;
    }

    FlowGraph graph() {
        return graph;
    }

    List<Refused> refused() {
        return refused;
    }

    List<Binding> bindings() {
        return bindings;
    }

    Value value(String name) {
        return values.get(name);
    }

    /** The initializers that hold NaN or infinite values. */
    List<String> nonFinite() {
        return nonFinite;
    }

    private static boolean allFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** The data inputs' nodes in the graph's input order (an id input has one once an Embedding reads it). */
    List<Integer> inputNodes(GraphProto g) {
        List<Integer> out = new ArrayList<>();
        for (ValueInfoProto in : g.getInputList()) {
            Integer node = inputNodes.get(in.getName());
            if (node != null) {
                out.add(node);
            }
        }
        return out;
    }

    void walk(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) {
            try {
                ConstTensor c = ConstTensor.read(t);
                if (c.isFloat() && !allFinite(c.floats())) {
                    nonFinite.add(t.getName());
                }
                values.put(t.getName(), new Const(c));
            } catch (OnnxRefusal r) {
                refused.add(new Refused(t.getName(), "initializer", r.getMessage(), false));
                values.put(t.getName(), new Unknown());
            }
        }
        Map<String, List<NodeProto>> consumers = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        for (ValueInfoProto in : g.getInputList()) {
            if (!values.containsKey(in.getName())) {
                try {
                    values.put(in.getName(), input(in, consumers));
                } catch (OnnxRefusal r) {
                    refused.add(new Refused(in.getName(), "input", r.getMessage(), false));
                    values.put(in.getName(), new Unknown());
                }
            }
        }
        int index = 0;
        for (NodeProto n : g.getNodeList()) {
            currentName = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
            index++;
            List<Value> ins = new ArrayList<>();
            boolean unknown = false;
            for (String name : n.getInputList()) {
                Value v = name.isEmpty() ? null : values.get(name);
                if (!name.isEmpty() && v == null) {
                    refused.add(new Refused(
                            currentName, n.getOpType(), "reads '" + name + "', which nothing defines", false));
                    v = new Unknown();
                }
                if (v instanceof Value.Unserved u && !unknown) {
                    refused.add(new Refused(
                            currentName, n.getOpType(), "reads " + u.what() + ", which is not served", false));
                    v = new Unknown();
                }
                unknown |= v instanceof Unknown;
                ins.add(v);
            }
            Value[] outs = new Value[n.getOutputCount()];
            if (!unknown) {
                try {
                    if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                        throw new OnnxRefusal("operator domain '" + n.getDomain() + "' is not supported");
                    }
                    node(n, ins, outs);
                } catch (OnnxRefusal r) {
                    refused.add(new Refused(currentName, n.getOpType(), r.getMessage(), r.blocks()));
                    java.util.Arrays.fill(outs, null);
                } catch (RuntimeException e) {
                    refused.add(new Refused(currentName, n.getOpType(), "cannot be read: " + e, false));
                    java.util.Arrays.fill(outs, null);
                }
            }
            for (int i = 0; i < outs.length; i++) {
                if (!n.getOutput(i).isEmpty()) {
                    values.put(n.getOutput(i), outs[i] == null ? new Unknown() : outs[i]);
                }
            }
        }
    }

    /** A graph input: ids, a vector of features per timestep, or a recurrent state fed back. */
    private Value input(ValueInfoProto in, Map<String, List<NodeProto>> consumers) {
        if (!in.getType().hasTensorType()) {
            throw new OnnxRefusal("not a tensor");
        }
        int type = in.getType().getTensorType().getElemType();
        TensorShapeProto shape = in.getType().getTensorType().getShape();
        int rank = shape.getDimCount();
        long last = rank == 0 || !shape.getDim(rank - 1).hasDimValue()
                ? -1
                : shape.getDim(rank - 1).getDimValue();
        if (type == OnnxTypes.INT64 || type == OnnxTypes.INT32) {
            if (rank < 1 || rank > 2) {
                throw new OnnxRefusal("ids of rank " + rank + " (expected [batch, seq] or [batch])");
            }
            idAxes.put(in.getName(), rank == 2 ? "BS" : "B");
            return new Value.Ids(in.getName());
        }
        if (type != OnnxTypes.FLOAT) {
            throw new OnnxRefusal("element type " + OnnxTypes.name(type) + " (float32 and int64 ids are read)");
        }
        if (onlyInitialState(in.getName(), consumers)) {
            if (rank != 3 || last <= 0 || !shape.getDim(0).hasDimValue()) {
                throw new OnnxRefusal("a recurrent state input must be [layers, batch, hidden]");
            }
            return new StateInput(in.getName(), (int) shape.getDim(0).getDimValue(), (int) last);
        }
        if (rank < 2 || last <= 0) {
            throw new OnnxRefusal("features must be [batch, seq, features] or [batch, features] with a fixed number "
                    + "of features");
        }
        String axes = "B" + "S".repeat(rank - 2) + "F";
        int node = graph.add(new FlowGraph.Input(ModelInput.features(in.getName(), (int) last)));
        inputNodes.put(in.getName(), node);
        return new Flow(node, (int) last, axes);
    }

    /** Whether every use of the input is a recurrent node's initial state, directly or through a Slice. */
    private static boolean onlyInitialState(String name, Map<String, List<NodeProto>> consumers) {
        List<NodeProto> uses = consumers.getOrDefault(name, List.of());
        if (uses.isEmpty()) {
            return false;
        }
        for (NodeProto n : uses) {
            if (isInitialState(n, name)) {
                continue;
            }
            if (n.getOpType().equals("Slice") && n.getInput(0).equals(name)) {
                List<NodeProto> next = consumers.getOrDefault(n.getOutput(0), List.of());
                if (!next.isEmpty() && next.stream().allMatch(m -> isInitialState(m, n.getOutput(0)))) {
                    continue;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean isInitialState(NodeProto n, String name) {
        String op = n.getOpType();
        if (!op.equals("LSTM") && !op.equals("GRU") && !op.equals("RNN")) {
            return false;
        }
        for (int i = 0; i < n.getInputCount(); i++) {
            if (n.getInput(i).equals(name) && i != 5 && i != 6) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- the nodes

    private void node(NodeProto n, List<Value> in, Value[] out) {
        OnnxAttributes a = new OnnxAttributes(n);
        String op = n.getOpType();
        switch (op) {
            case "Constant" -> out[0] = new Const(ConstantNodes.constant(a));
            case "Identity" -> out[0] = in.get(0);
            case "Dropout" -> {
                if (in.size() > 2
                        && in.get(2) != null
                        && !(in.get(2) instanceof Const c && c.tensor().allZero())) {
                    throw new OnnxRefusal("training_mode is not constant false");
                }
                out[0] = in.get(0);
                if (out.length > 1) {
                    out[1] = new Value.Unserved("a Dropout's mask");
                }
            }
            case "Cast" -> out[0] = ConstantNodes.cast(in.get(0), a.integer("to", OnnxTypes.FLOAT));
            case "Shape" -> out[0] = ConstantNodes.shape(in.get(0), a, idAxes);
            case "ConstantOfShape" ->
                out[0] = ConstantNodes.constantOfShape(ConstantNodes.constOf(in.get(0), "shape"), a);
            case "Expand" -> out[0] = ConstantNodes.expand(in.get(0), ConstantNodes.constOf(in.get(1), "shape"));
            case "Transpose" -> out[0] = AxisMoves.transpose(in.get(0), a);
            case "Squeeze" -> out[0] = AxisMoves.squeeze(in.get(0), ConstantNodes.axesOf(in, 1, a, true));
            case "Unsqueeze" -> out[0] = AxisMoves.unsqueeze(in.get(0), ConstantNodes.axesOf(in, 1, a, false));
            case "Reshape" ->
                out[0] = AxisMoves.reshape(
                        in.get(0), ConstantNodes.constOf(in.get(1), "shape").asLongs());
            case "Flatten" -> out[0] = AxisMoves.flatten(in.get(0), a.integer("axis", 1));
            case "Slice" -> out[0] = AxisMoves.slice(in, a, opset);
            case "Gather" -> out[0] = gather(in.get(0), in.get(1), a.integer("axis", 0));
            case "Concat" -> out[0] = concat(in, a.integer("axis", 0));
            case "Add", "Sub", "Mul", "Div" -> out[0] = arithmetic(op, in.get(0), in.get(1));
            case "Erf" -> out[0] = erf(in.get(0));
            case "MatMul" -> out[0] = matMul(in.get(0), in.get(1));
            case "Gemm" -> out[0] = gemm(in, a);
            case "LayerNormalization" -> {
                out[0] = layerNorm(in, a);
                for (int i = 1; i < out.length; i++) {
                    out[i] = new Value.Unserved("a LayerNormalization's mean or inverse deviation");
                }
            }
            case "Softmax", "LogSoftmax" -> out[0] = softmax(op, in.get(0), a);
            case "Relu",
                    "Tanh",
                    "Sigmoid",
                    "Softplus",
                    "Softsign",
                    "Elu",
                    "LeakyRelu",
                    "Selu",
                    "Gelu",
                    "HardSigmoid",
                    "HardSwish",
                    "Mish" -> out[0] = activation(op, in.get(0), a);
            case "LSTM", "GRU", "RNN" -> recurrent(n, in, out, a);
            default -> throw unsupported(op);
        }
    }

    private static OnnxRefusal unsupported(String op) {
        if (List.of(
                        "Scan",
                        "Loop",
                        "CumSum",
                        "ReverseSequence",
                        "Attention",
                        "MultiHeadAttention",
                        "Conv",
                        "ConvTranspose",
                        "ReduceMean",
                        "ReduceSum",
                        "ReduceMax",
                        "GlobalAveragePool",
                        "TopK")
                .contains(op)) {
            return OnnxRefusal.blocking(
                    "operator " + op + " is not served one timestep at a time (it works across " + "the sequence)");
        }
        return new OnnxRefusal("operator " + op + " is not supported");
    }

    private Value gather(Value data, Value indices, long axis) {
        if (data instanceof Const c && indices instanceof Const i) {
            return new Const(ConstFolding.gather(c.tensor(), i.tensor(), axis));
        }
        if (data instanceof Const table && indices instanceof Value.Ids ids) {
            return embedding(table.tensor(), ids, axis);
        }
        if (data instanceof FinalStates s && indices instanceof Const i && ConstFolding.axis(axis, 3) == 0) {
            long[] idx = i.tensor().asLongs();
            if (idx.length != 1) {
                throw new OnnxRefusal("gathers several layers of a recurrent state");
            }
            int layer = (int) (idx[0] < 0 ? idx[0] + s.parts().size() : idx[0]);
            Flow f = AxisMoves.asFlow(s.parts().get(layer));
            return i.tensor().rank() == 0 ? f.withAxes("BF") : f;
        }
        if (data instanceof FinalState s) {
            data = AxisMoves.asFlow(s);
        }
        if (data instanceof Flow f && indices instanceof Const i) {
            int ax = ConstFolding.axis(axis, f.axes().length());
            long[] idx = i.tensor().asLongs();
            if (f.axes().charAt(ax) != 'S' || idx.length != 1 || (idx[0] != 0 && idx[0] != -1)) {
                throw new OnnxRefusal("gathers from the " + (f.axes().charAt(ax) == 'F' ? "features" : "batch")
                        + " of a computed tensor");
            }
            if (i.tensor().rank() == 0) {
                return f.withAxes(f.axes().substring(0, ax) + f.axes().substring(ax + 1));
            }
            return f;
        }
        throw new OnnxRefusal("gathers in a way not recognised (an Embedding gathers ids from a constant table)");
    }

    private Value embedding(ConstTensor table, Value.Ids ids, long axis) {
        if (axis != 0 || table.rank() != 2 || !table.isFloat()) {
            throw new OnnxRefusal("an Embedding's table must be a float [vocabulary, dimension] gathered on axis 0");
        }
        int vocabulary = (int) table.dims()[0];
        int dim = (int) table.dims()[1];
        Integer in = idInputs.get(ids.name());
        if (in == null) {
            in = graph.add(new FlowGraph.Input(ModelInput.ids(ids.name(), vocabulary)));
            idInputs.put(ids.name(), in);
            inputNodes.put(ids.name(), in);
        } else if (((FlowGraph.Input) graph.get(in)).input().size() != vocabulary) {
            throw new OnnxRefusal("the ids '" + ids.name() + "' index tables of different sizes");
        }
        Layer layer = new EmbeddingLayer(
                currentName, "Embedding", vocabulary, dim, table.floats().clone(), false);
        int node = graph.add(new LayerNode(in, layer));
        return new Flow(node, dim, idAxes.get(ids.name()) + "F");
    }

    private Value concat(List<Value> in, long axis) {
        if (in.stream().allMatch(v -> v instanceof Const)) {
            return new Const(ConstFolding.concat(
                    in.stream().map(v -> ((Const) v).tensor()).toList(), axis));
        }
        if (in.stream().allMatch(v -> v instanceof FinalState || v instanceof FinalStates)) {
            if (ConstFolding.axis(axis, 3) != 0) {
                throw new OnnxRefusal("concatenates recurrent states other than by layer");
            }
            List<FinalState> parts = new ArrayList<>();
            for (Value v : in) {
                if (v instanceof FinalState s) {
                    parts.add(s);
                } else {
                    parts.addAll(((FinalStates) v).parts());
                }
            }
            return new FinalStates(parts);
        }
        List<Flow> flows = new ArrayList<>();
        for (Value v : in) {
            Value f = v instanceof FinalState s ? AxisMoves.asFlow(s) : v;
            if (!(f instanceof Flow flow)) {
                throw new OnnxRefusal("concatenates computed tensors with constants or states");
            }
            flows.add(flow);
        }
        String axes = flows.get(0).axes();
        int ax = ConstFolding.axis(axis, axes.length());
        int size = 0;
        List<Integer> nodes = new ArrayList<>();
        for (Flow f : flows) {
            if (!f.axes().equals(axes)) {
                throw new OnnxRefusal("concatenates tensors whose axes differ (" + axes + ", " + f.axes() + ")");
            }
            size += f.size();
            nodes.add(f.node());
        }
        if (axes.charAt(ax) != 'F') {
            throw OnnxRefusal.blocking(
                    "concatenates along the " + (axes.charAt(ax) == 'B' ? "batch" : "time") + " axis");
        }
        int node = graph.add(new FlowGraph.Merge("Concat", nodes, currentName, size));
        return new Flow(node, size, axes);
    }

    private Value arithmetic(String op, Value x, Value y) {
        if (x instanceof Const a && y instanceof Const b) {
            return new Const(ConstFolding.arithmetic(op, a.tensor(), b.tensor()));
        }
        if (x instanceof FinalState s) {
            x = AxisMoves.asFlow(s);
        }
        if (y instanceof FinalState s) {
            y = AxisMoves.asFlow(s);
        }
        boolean commutes = op.equals("Add") || op.equals("Mul");
        if (commutes && x instanceof Const && !(y instanceof Const)) {
            Value t = x;
            x = y;
            y = t;
        }
        if (y instanceof Const c) {
            double one = c.tensor().count() == 1 ? c.tensor().scalar() : Double.NaN;
            if (op.equals("Add")
                    && x instanceof Flow f
                    && graph.get(f.node()) instanceof DenseNode d
                    && d.bias() == null
                    && c.tensor().count() == f.size()) {
                float[] bias = c.tensor().isFloat() ? c.tensor().floats().clone() : null;
                if (bias == null || !trailing(c.tensor(), f.size())) {
                    throw new OnnxRefusal("adds a bias of shape " + c.tensor().shapeString());
                }
                int node = graph.add(
                        new DenseNode(d.input(), d.name(), d.type() + "+Add", d.kernel(), d.in(), d.out(), bias));
                return f.withNode(node);
            }
            if (op.equals("Div") && x instanceof Flow f && close(one, SQRT2)) {
                return new Partial(Partial.Kind.X_OVER_SQRT2, f, currentName);
            }
            if (op.equals("Mul") && x instanceof Flow f && close(one, 1 / SQRT2)) {
                return new Partial(Partial.Kind.X_OVER_SQRT2, f, currentName);
            }
            if (op.equals("Add") && x instanceof Partial p && p.kind() == Partial.Kind.ERF && one == 1) {
                return new Partial(Partial.Kind.ONE_PLUS_ERF, p.x(), currentName);
            }
            if (op.equals("Mul") && x instanceof Flow f && one == 0.5) {
                return new Partial(Partial.Kind.HALF_X, f, currentName);
            }
            if ((op.equals("Mul") && one == 0.5 || op.equals("Div") && one == 2)
                    && x instanceof Partial p
                    && p.kind() == Partial.Kind.X_ONE_PLUS_ERF) {
                return gelu(p.x());
            }
            throw new OnnxRefusal(op + " of a computed tensor and a constant (other than a MatMul's bias or part "
                    + "of an exact GELU) is not supported");
        }
        if (op.equals("Mul") && x instanceof Partial p && y instanceof Flow f) {
            Value t = x;
            x = y;
            y = t;
        }
        if (op.equals("Mul") && x instanceof Flow f && y instanceof Partial p) {
            if (p.kind() == Partial.Kind.ONE_PLUS_ERF && p.x().node() == f.node()) {
                return new Partial(Partial.Kind.X_ONE_PLUS_ERF, f, currentName);
            }
            throw new OnnxRefusal("multiplies in a way not recognised as exact GELU");
        }
        if (op.equals("Mul") && x instanceof Partial p && y instanceof Partial q) {
            boolean gelu = (p.kind() == Partial.Kind.HALF_X && q.kind() == Partial.Kind.ONE_PLUS_ERF
                            || q.kind() == Partial.Kind.HALF_X && p.kind() == Partial.Kind.ONE_PLUS_ERF)
                    && p.x().node() == q.x().node();
            if (gelu) {
                return gelu(p.x());
            }
            throw new OnnxRefusal("multiplies in a way not recognised as exact GELU");
        }
        if (x instanceof Flow f && y instanceof Flow g) {
            if (op.equals("Mul") && (isSigmoidOf(g, f) || isSigmoidOf(f, g))) {
                Flow in = isSigmoidOf(g, f) ? f : g;
                return activationNode(in, "SiLU", Activations.SILU);
            }
            if ((op.equals("Add") || op.equals("Mul"))
                    && f.size() == g.size()
                    && f.axes().equals(g.axes())) {
                int node = graph.add(new FlowGraph.Merge(op, List.of(f.node(), g.node()), currentName, f.size()));
                return f.withNode(node);
            }
            throw new OnnxRefusal(op + " of two computed tensors of different shapes is not supported");
        }
        throw new OnnxRefusal(op + " of these operands is not supported");
    }

    /** Whether {@code s} is a Sigmoid of {@code x} (SiLU is x · sigmoid(x)). */
    private boolean isSigmoidOf(Flow s, Flow x) {
        return graph.get(s.node()) instanceof LayerNode l
                && l.layer().type().equals("Sigmoid")
                && l.input() == x.node();
    }

    /** A constant of {@code size} values along the last axis (a bias), any leading axes of one. */
    private static boolean trailing(ConstTensor t, int size) {
        return t.rank() >= 1 && t.dims()[t.rank() - 1] == size;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.abs(b);
    }

    private Value erf(Value x) {
        if (x instanceof Partial p && p.kind() == Partial.Kind.X_OVER_SQRT2) {
            return new Partial(Partial.Kind.ERF, p.x(), currentName);
        }
        throw new OnnxRefusal("Erf is served only as part of exact GELU, x·0.5·(1 + erf(x/√2))");
    }

    private Value gelu(Flow x) {
        return activationNode(x, "Gelu", Activations.GELU_EXACT);
    }

    private Value matMul(Value x, Value w) {
        if (x instanceof FinalState s) {
            x = AxisMoves.asFlow(s);
        }
        if (x instanceof Flow f && w instanceof Const c) {
            ConstTensor k = c.tensor();
            if (k.rank() != 2 || !k.isFloat() || k.dims()[0] != f.size()) {
                throw new OnnxRefusal("multiplies " + f.size() + " features by a constant of shape " + k.shapeString()
                        + " (expected [" + f.size() + ", outputs])");
            }
            AxisMoves.requireFeaturesLast(f);
            int out = (int) k.dims()[1];
            int node = graph.add(
                    new DenseNode(f.node(), currentName, "MatMul", k.floats().clone(), f.size(), out, null));
            return new Flow(node, out, f.axes());
        }
        if ((x instanceof Flow || x instanceof Partial) && (w instanceof Flow || w instanceof FinalState)) {
            throw OnnxRefusal.blocking("multiplies two computed tensors (attention over the sequence)");
        }
        throw new OnnxRefusal("MatMul of these operands is not supported (a computed tensor times a constant is)");
    }

    private Value gemm(List<Value> in, OnnxAttributes a) {
        Value x = in.get(0);
        if (x instanceof FinalState s) {
            x = AxisMoves.asFlow(s);
        }
        if (!(x instanceof Flow f) || !(in.get(1) instanceof Const w)) {
            throw new OnnxRefusal("Gemm is served for a computed tensor times a constant");
        }
        if (a.integer("transA", 0) != 0) {
            throw new OnnxRefusal("transA = 1 is not supported");
        }
        AxisMoves.requireFeaturesLast(f);
        ConstTensor k = w.tensor();
        boolean transB = a.integer("transB", 0) != 0;
        if (k.rank() != 2 || !k.isFloat() || k.dims()[transB ? 1 : 0] != f.size()) {
            throw new OnnxRefusal("B has shape " + k.shapeString() + " for " + f.size() + " features");
        }
        int out = (int) k.dims()[transB ? 0 : 1];
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        float[] kernelMatrix = transB
                ? ConstFolding.transpose(k, new long[] {1, 0}).floats().clone()
                : k.floats().clone();
        for (int i = 0; i < kernelMatrix.length; i++) {
            kernelMatrix[i] *= alpha;
        }
        float[] bias = null;
        if (in.size() > 2 && in.get(2) != null) {
            ConstTensor c = ConstantNodes.constOf(in.get(2), "C");
            if (!c.isFloat() || (c.count() != out && c.count() != 1)) {
                throw new OnnxRefusal("C has shape " + c.shapeString() + " for " + out + " outputs");
            }
            bias = new float[out];
            for (int i = 0; i < out; i++) {
                bias[i] = beta * c.floats()[c.count() == 1 ? 0 : i];
            }
        }
        int node = graph.add(new DenseNode(f.node(), currentName, "Gemm", kernelMatrix, f.size(), out, bias));
        return new Flow(node, out, f.axes());
    }

    private Value layerNorm(List<Value> in, OnnxAttributes a) {
        Value x = in.get(0) instanceof FinalState s ? AxisMoves.asFlow(s) : in.get(0);
        if (!(x instanceof Flow f)) {
            throw new OnnxRefusal("normalizes something other than a computed tensor");
        }
        if (ConstFolding.axis(a.integer("axis", -1), f.axes().length()) != f.featureAxis()
                || f.featureAxis() != f.axes().length() - 1) {
            throw new OnnxRefusal("normalizes over axes other than the features");
        }
        float[] gamma = in.size() > 1 && in.get(1) != null
                ? vector(ConstantNodes.constOf(in.get(1), "Scale"), f.size(), "Scale")
                : null;
        float[] beta = in.size() > 2 && in.get(2) != null
                ? vector(ConstantNodes.constOf(in.get(2), "B"), f.size(), "B")
                : null;
        double epsilon = a.real("epsilon", 1e-5f);
        Layer layer =
                new LayerNormalizationLayer(currentName, "LayerNormalization", f.size(), gamma, beta, epsilon, false);
        return new Flow(graph.add(new LayerNode(f.node(), layer)), f.size(), f.axes());
    }

    private static float[] vector(ConstTensor t, int size, String what) {
        if (!t.isFloat() || t.count() != size) {
            throw new OnnxRefusal(what + " has shape " + t.shapeString() + " for " + size + " features");
        }
        return t.floats().clone();
    }

    private Value softmax(String op, Value x, OnnxAttributes a) {
        if (x instanceof FinalState s) {
            x = AxisMoves.asFlow(s);
        }
        if (!(x instanceof Flow f)) {
            throw new OnnxRefusal(op + " of something other than a computed tensor");
        }
        int rank = f.axes().length();
        int axis = ConstFolding.axis(a.integer("axis", opset >= 13 ? -1 : 1), rank);
        boolean ok = opset >= 13
                ? axis == f.featureAxis()
                : f.axes().substring(axis).replace("S", "").equals("F")
                        && f.axes().substring(0, axis).contains("B");
        if (!ok) {
            throw OnnxRefusal.blocking(
                    op + " over the " + (f.axes().charAt(axis) == 'S' ? "time" : "batch") + " axis, not the features");
        }
        return activationNode(f, op, op.equals("Softmax") ? Activations.SOFTMAX : Activations.LOG_SOFTMAX);
    }

    private Value activation(String op, Value x, OnnxAttributes a) {
        if (x instanceof FinalState s) {
            x = AxisMoves.asFlow(s);
        }
        if (!(x instanceof Flow f)) {
            throw new OnnxRefusal(op + " of something other than a computed tensor");
        }
        Activation fn = switch (op) {
            case "Relu" -> Activations.RELU;
            case "Tanh" -> Activations.TANH;
            case "Sigmoid" -> Activations.SIGMOID;
            case "Softplus" -> Activations.SOFTPLUS;
            case "Softsign" -> Activations.SOFTSIGN;
            case "Mish" -> Activations.MISH;
            case "HardSwish" -> Activations.HARD_SILU;
            case "Elu" -> Activations.elu(a.real("alpha", 1f));
            case "LeakyRelu" -> Activations.leakyRelu(a.real("alpha", 0.01f));
            case "Selu" -> {
                if (a.has("alpha") || a.has("gamma")) {
                    throw new OnnxRefusal("Selu with its own alpha or gamma is not supported");
                }
                yield Activations.SELU;
            }
            case "HardSigmoid" -> {
                if (a.real("alpha", 0.2f) != 0.2f || a.real("beta", 0.5f) != 0.5f) {
                    throw new OnnxRefusal("HardSigmoid other than clip(0.2·x + 0.5, 0, 1) is not supported");
                }
                yield Activations.HARD_SIGMOID_KERAS2;
            }
            case "Gelu" ->
                a.string("approximate", "none").equals("tanh") ? Activations.GELU_TANH : Activations.GELU_EXACT;
            default -> throw unsupported(op);
        };
        return activationNode(f, op, fn);
    }

    private Flow activationNode(Flow f, String type, Activation fn) {
        Layer layer = new ActivationLayer(currentName, type, f.size(), fn);
        return f.withNode(graph.add(new LayerNode(f.node(), layer)));
    }

    private void recurrent(NodeProto n, List<Value> in, Value[] out, OnnxAttributes a) {
        String op = n.getOpType();
        long layout = a.integer("layout", 0);
        Value x = in.get(0) instanceof FinalState s ? AxisMoves.asFlow(s) : in.get(0);
        if (!(x instanceof Flow f)) {
            throw new OnnxRefusal("its input X is not a computed tensor");
        }
        String want = layout == 0 ? "SBF" : "BSF";
        if (!f.axes().equals(want)) {
            throw new OnnxRefusal("its input X has axes " + AxisMoves.describe(f.axes()) + ", expected "
                    + AxisMoves.describe(want) + " for layout " + layout);
        }
        if (in.size() > 4 && in.get(4) != null) {
            throw new OnnxRefusal("sequence_lens is not supported (every sequence is served to its end)");
        }
        ConstTensor w = ConstantNodes.constOf(in.get(1), "W");
        ConstTensor r = ConstantNodes.constOf(in.get(2), "R");
        ConstTensor b = in.size() > 3 && in.get(3) != null ? ConstantNodes.constOf(in.get(3), "B") : null;
        ConstTensor p =
                op.equals("LSTM") && in.size() > 7 && in.get(7) != null ? ConstantNodes.constOf(in.get(7), "P") : null;
        Layer layer = RecurrentReader.read(n, currentName, f.size(), w, r, b, p, kernel);
        int node = graph.add(new LayerNode(f.node(), layer));
        int vectors = layer.stateVectors();
        for (int v = 0; v < vectors; v++) {
            int index = 5 + v;
            Value init = in.size() > index ? in.get(index) : null;
            bind(init, node, v, layout);
        }
        int h = layer.outputSize();
        out[0] = new Flow(node, h, layout == 0 ? "SSBF" : "BSSF");
        for (int v = 0; v < vectors && v + 1 < out.length; v++) {
            out[v + 1] = layout == 0 ? new FinalState(node, v, h, currentName) : new Flow(node, h, "BSF");
            if (layout != 0 && v == 1) {
                out[v + 1] = new Value.Unserved("an LSTM's final cell state c (layout 1)");
            }
        }
    }

    private void bind(Value init, int node, int vector, long layout) {
        if (init == null
                || init instanceof ZeroState
                || init instanceof Const c && c.tensor().allZero()) {
            return; // starts from zeros: the key's own state, zero after a reset
        }
        if (layout != 0) {
            throw new OnnxRefusal("initial states are served with layout 0 only");
        }
        if (init instanceof StateSlice s) {
            bindings.add(new Binding(s.input().name(), s.layer(), node, vector));
        } else if (init instanceof StateInput s && s.layers() == 1) {
            bindings.add(new Binding(s.name(), 0, node, vector));
        } else {
            throw new OnnxRefusal("its initial state is neither zeros nor a state input of the graph");
        }
    }
}
