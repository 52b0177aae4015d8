package lstmjob.model;

import java.util.Arrays;
import lstmjob.model.layers.Layer;

/**
 * One step of a model's graph: a layer and the tensors it reads. Tensors are numbered as the stepper holds them:
 * the model's inputs first (0 .. inputs - 1, in {@code Model.inputs()} order), then the output of node i at
 * {@code inputs + i}; a node reads only tensors made before it (the nodes are in topological order).
 *
 * @param inputs the tensors the layer reads, in the order it takes them (several only for a merge layer)
 */
public record ModelNode(Layer layer, int[] inputs) {

    public ModelNode {
        inputs = inputs.clone();
    }

    /** A node reading one tensor. */
    public static ModelNode of(Layer layer, int input) {
        return new ModelNode(layer, new int[] {input});
    }

    @Override
    public int[] inputs() {
        return inputs.clone();
    }

    int input(int k) {
        return inputs[k];
    }

    int inputCount() {
        return inputs.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelNode n && n.layer == layer && Arrays.equals(n.inputs, inputs);
    }

    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(layer) + Arrays.hashCode(inputs);
    }

    @Override
    public String toString() {
        return layer.name() + " <- " + Arrays.toString(inputs);
    }
}
