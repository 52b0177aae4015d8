package lstmjob.model.load.onnx;

import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelInput;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.onnx.FlowGraph.DenseNode;
import lstmjob.model.load.onnx.FlowGraph.Input;
import lstmjob.model.load.onnx.FlowGraph.LayerNode;
import lstmjob.model.load.onnx.FlowGraph.Merge;
import lstmjob.model.load.onnx.FlowGraph.Node;

/**
 * The layers of a {@link FlowGraph} that is one chain from one input to one output, in order: what a
 * {@code Model} of one input and one output steps. A graph with several inputs, outputs or merges is refused here
 * with what makes it one.
 */
final class ChainAssembly {

    /** The chain: its input and its layers, first to last. */
    record Chain(ModelInput input, List<Layer> layers) {}

    private ChainAssembly() {}

    static Chain of(OnnxFlow flow, MatrixKernel kernel) {
        FlowGraph graph = flow.graph();
        List<Integer> outputs = flow.outputs();
        List<String> outputNames = flow.outputNames();
        if (outputs.size() != 1) {
            throw new OnnxRefusal("the model has " + outputs.size() + " outputs (" + String.join(", ", outputNames)
                    + "): models of several outputs are not served yet");
        }
        boolean[] reached = graph.reachedFrom(outputs);
        List<Integer> order = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<String> merges = new ArrayList<>();
        for (int i = 0; i < graph.size(); i++) {
            if (reached[i]) {
                order.add(i);
                Node n = graph.get(i);
                if (n instanceof Input in) {
                    inputs.add(in.input().name());
                } else if (n instanceof Merge m) {
                    merges.add("'" + m.name() + "' (" + m.op() + ")");
                }
            }
        }
        if (inputs.size() != 1) {
            throw new OnnxRefusal("the output reads " + inputs.size() + " inputs (" + String.join(", ", inputs)
                    + "): models of several inputs are not served yet");
        }
        if (!merges.isEmpty()) {
            throw new OnnxRefusal(
                    "the model merges computed tensors (" + String.join(", ", merges) + "): merges are not served yet");
        }
        ModelInput input = ((Input) graph.get(order.get(0))).input();
        List<Layer> layers = new ArrayList<>();
        for (int k = 1; k < order.size(); k++) {
            Node n = graph.get(order.get(k));
            if (n.inputs().size() != 1 || n.inputs().get(0) != order.get(k - 1)) {
                throw new OnnxRefusal("'" + n.name() + "' reads a tensor that another branch reads too: branching "
                        + "models are not served yet");
            }
            layers.add(n instanceof DenseNode d ? d.layer(kernel) : ((LayerNode) n).layer());
        }
        if (layers.isEmpty()) {
            throw new OnnxRefusal("the output is the input: the model computes nothing");
        }
        return new Chain(input, layers);
    }
}
