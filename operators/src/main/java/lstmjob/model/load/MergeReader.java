package lstmjob.model.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lstmjob.model.layers.ConcatenateLayer;
import lstmjob.model.layers.ElementwiseMergeLayer;
import lstmjob.model.layers.ElementwiseMergeLayer.Operation;
import lstmjob.model.layers.MergeLayer;

/**
 * Keras merge layers: Concatenate (over the features) and Add, Subtract, Multiply, Average, Maximum, Minimum
 * (element by element). Their inputs must have one rank (all sequences, or all one vector per sequence); the
 * element-wise ones also one size: broadcasting is not served.
 */
final class MergeReader implements LayerReader {

    static final Map<String, Operation> ELEMENTWISE = Map.of(
            "Add", Operation.ADD,
            "Subtract", Operation.SUBTRACT,
            "Multiply", Operation.MULTIPLY,
            "Average", Operation.AVERAGE,
            "Maximum", Operation.MAXIMUM,
            "Minimum", Operation.MINIMUM);

    @Override
    public LayerRead read(KerasLayer k) {
        k.requireNoWeights();
        List<Shape> in = k.inputs();
        if (in.size() < 2) {
            throw new LayerRefusal("a merge layer needs at least 2 inputs, it has " + in.size());
        }
        List<Integer> sizes = new ArrayList<>();
        for (Shape s : in) {
            sizes.add(s.size());
            if (s.rank() != in.get(0).rank()) {
                throw new LayerRefusal("it merges tensors of different ranks " + ranks(in)
                        + " (a sequence with one vector per sequence); only tensors of one shape can be merged");
            }
        }
        int rank = in.get(0).rank();
        MergeLayer layer;
        if (k.className().equals("Concatenate")) {
            int axis = k.config().singleAxis("axis", -1);
            if (axis != -1 && axis != rank - 1) {
                throw new LayerRefusal("it concatenates over axis " + k.config().get("axis")
                        + "; only the feature axis (-1) can be served one timestep at a time");
            }
            layer = new ConcatenateLayer(
                    k.name(),
                    k.className(),
                    sizes.stream().mapToInt(Integer::intValue).toArray());
        } else {
            Operation op = ELEMENTWISE.get(k.className());
            if (sizes.stream().distinct().count() != 1) {
                throw new LayerRefusal("its inputs have different sizes " + sizes
                        + "; only inputs of one size can be merged element by element (no broadcasting)");
            }
            if (op == Operation.SUBTRACT && in.size() != 2) {
                throw new LayerRefusal("Subtract takes exactly 2 inputs, it has " + in.size());
            }
            layer = new ElementwiseMergeLayer(k.name(), k.className(), sizes.get(0), in.size(), op);
        }
        return LayerRead.of(layer, new Shape(layer.outputSize(), rank));
    }

    private static String ranks(List<Shape> shapes) {
        List<String> r = new ArrayList<>();
        for (Shape s : shapes) {
            r.add(s.rank() == 3 ? "sequence of " + s.size() : "vector of " + s.size());
        }
        return r.toString();
    }
}
