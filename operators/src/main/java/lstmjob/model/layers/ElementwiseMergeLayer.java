package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * Keras Add, Subtract, Multiply, Average, Maximum and Minimum: inputs of one size combined element by element, in
 * float32 and in input order as Keras folds them (Average: the sum divided by the number of inputs).
 */
public final class ElementwiseMergeLayer extends MergeLayer {

    /** How two values combine; Average adds, then divides once at the end. */
    public enum Operation {
        ADD,
        SUBTRACT,
        MULTIPLY,
        AVERAGE,
        MAXIMUM,
        MINIMUM
    }

    private final Operation operation;

    public ElementwiseMergeLayer(String name, String type, int size, int inputs, Operation operation) {
        super(name, type, size, size, inputs);
        if (operation == Operation.SUBTRACT && inputs != 2) {
            throw new IllegalArgumentException("Subtract takes exactly 2 inputs, not " + inputs);
        }
        this.operation = operation;
    }

    public Operation operation() {
        return operation;
    }

    @Override
    public void merge(FMatrixRMaj[] in, FMatrixRMaj out) {
        int n = out.numRows * outputSize();
        float[] y = out.data;
        System.arraycopy(in[0].data, 0, y, 0, n);
        for (int k = 1; k < in.length; k++) {
            float[] x = in[k].data;
            switch (operation) {
                case ADD, AVERAGE -> {
                    for (int i = 0; i < n; i++) {
                        y[i] += x[i];
                    }
                }
                case SUBTRACT -> {
                    for (int i = 0; i < n; i++) {
                        y[i] -= x[i];
                    }
                }
                case MULTIPLY -> {
                    for (int i = 0; i < n; i++) {
                        y[i] *= x[i];
                    }
                }
                case MAXIMUM -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = Math.max(y[i], x[i]);
                    }
                }
                case MINIMUM -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = Math.min(y[i], x[i]);
                    }
                }
            }
        }
        if (operation == Operation.AVERAGE) {
            float count = in.length;
            for (int i = 0; i < n; i++) {
                y[i] /= count;
            }
        }
    }
}
