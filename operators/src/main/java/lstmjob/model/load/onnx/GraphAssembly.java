package lstmjob.model.load.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.model.ModelInput;
import lstmjob.model.ModelNode;
import lstmjob.model.layers.ConcatenateLayer;
import lstmjob.model.layers.ElementwiseMergeLayer;
import lstmjob.model.layers.ElementwiseMergeLayer.Operation;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.onnx.FlowGraph.DenseNode;
import lstmjob.model.load.onnx.FlowGraph.Input;
import lstmjob.model.load.onnx.FlowGraph.LayerNode;
import lstmjob.model.load.onnx.FlowGraph.Merge;
import lstmjob.model.load.onnx.FlowGraph.Node;

/**
 * The {@link Model} graph of an {@link OnnxFlow}: the ONNX graph's data inputs in its order, the layers and merges
 * some output reaches (in the flow's order, which has every node after those it reads), and the data outputs under
 * their ONNX names.
 */
final class GraphAssembly {

    private GraphAssembly() {}

    static Model of(String source, OnnxFlow flow, MatrixKernel kernel) {
        FlowGraph graph = flow.graph();
        boolean[] reached = graph.reachedFrom(flow.outputs());
        int[] tensor = new int[graph.size()];
        Arrays.fill(tensor, -1);
        List<ModelInput> inputs = new ArrayList<>();
        for (int i : flow.inputs()) {
            tensor[i] = inputs.size();
            inputs.add(((Input) graph.get(i)).input());
        }
        List<ModelNode> nodes = new ArrayList<>();
        for (int i = 0; i < graph.size(); i++) {
            Node n = graph.get(i);
            if (!reached[i] || n instanceof Input) {
                continue;
            }
            int[] reads = new int[n.inputs().size()];
            for (int k = 0; k < reads.length; k++) {
                reads[k] = tensor[n.inputs().get(k)];
                if (reads[k] < 0) {
                    throw new OnnxRefusal("'" + n.name() + "' reads a tensor that is computed from no input");
                }
            }
            Layer layer = n instanceof DenseNode d
                    ? d.layer(kernel)
                    : n instanceof Merge m ? merge(m, graph) : ((LayerNode) n).layer();
            tensor[i] = inputs.size() + nodes.size();
            nodes.add(new ModelNode(layer, reads));
        }
        if (nodes.isEmpty()) {
            throw new OnnxRefusal("the output is the input: the model computes nothing");
        }
        Map<String, Integer> outputs = new LinkedHashMap<>();
        for (int o = 0; o < flow.outputs().size(); o++) {
            outputs.put(flow.outputNames().get(o), tensor[flow.outputs().get(o)]);
        }
        return new Model(source, "onnx", flow.producer(), inputs, nodes, outputs, flow.warnings());
    }

    /** {@code Concat} over the features, or an elementwise {@code Add} / {@code Mul} of vectors of one size. */
    private static Layer merge(Merge m, FlowGraph graph) {
        if (m.op().equals("Concat")) {
            int[] sizes = new int[m.inputs().size()];
            for (int k = 0; k < sizes.length; k++) {
                sizes[k] = size(graph.get(m.inputs().get(k)));
            }
            return new ConcatenateLayer(m.name(), "Concat", sizes);
        }
        Operation op = switch (m.op()) {
            case "Add" -> Operation.ADD;
            case "Mul" -> Operation.MULTIPLY;
            default -> throw new OnnxRefusal("'" + m.name() + "' merges with " + m.op() + ", not served");
        };
        return new ElementwiseMergeLayer(m.name(), m.op(), m.size(), m.inputs().size(), op);
    }

    private static int size(Node n) {
        if (n instanceof Input in) {
            return in.input().floats();
        }
        if (n instanceof DenseNode d) {
            return d.out();
        }
        return n instanceof Merge m ? m.size() : ((LayerNode) n).layer().outputSize();
    }
}
