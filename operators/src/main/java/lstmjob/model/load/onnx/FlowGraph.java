package lstmjob.model.load.onnx;

import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelInput;
import lstmjob.model.layers.Activations;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.kernels.MatrixKernel;

/**
 * What an ONNX graph computes per key and timestep, as the loader recognised it: inputs, layers (each reading the
 * nodes it names) and merges of several vectors, in an order where every node comes after those it reads. Nodes
 * nothing reaches from an output are left out when the model is assembled.
 */
final class FlowGraph {

    sealed interface Node {
        /** The nodes this one reads. */
        List<Integer> inputs();

        /** Its name in the ONNX graph, for messages. */
        String name();
    }

    /** A data input of the model. */
    record Input(ModelInput input) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override
        public String name() {
            return input.name();
        }
    }

    /** A layer reading one node. */
    record LayerNode(int input, Layer layer) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public String name() {
            return layer.name();
        }
    }

    /**
     * x·kernel (+ bias): kept apart from {@link LayerNode} until the graph is complete, because the {@code Add}
     * of its bias comes as a node of its own.
     */
    record DenseNode(int input, String name, String type, float[] kernel, int in, int out, float[] bias)
            implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        Layer layer(MatrixKernel matrixKernel) {
            return new DenseLayer(name, type, in, out, kernel, bias, Activations.LINEAR, matrixKernel);
        }
    }

    /**
     * Several vectors merged into one: {@code Concat} on the features ({@code Concatenate}), or an elementwise
     * {@code Add} / {@code Mul} of vectors of one size.
     */
    record Merge(String op, List<Integer> inputs, String name, int size) implements Node {}

    private final List<Node> nodes = new ArrayList<>();

    int add(Node n) {
        nodes.add(n);
        return nodes.size() - 1;
    }

    Node get(int i) {
        return nodes.get(i);
    }

    int size() {
        return nodes.size();
    }

    /** Which nodes {@code from} reads, directly or not, itself included. */
    boolean[] reachedFrom(List<Integer> from) {
        boolean[] seen = new boolean[nodes.size()];
        List<Integer> todo = new ArrayList<>(from);
        while (!todo.isEmpty()) {
            int i = todo.remove(todo.size() - 1);
            if (!seen[i]) {
                seen[i] = true;
                todo.addAll(nodes.get(i).inputs());
            }
        }
        return seen;
    }
}
