package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** A weightless activation layer (Activation, ReLU, LeakyReLU, ELU, Softmax, ...): y = act(x) on each row. */
public final class ActivationLayer implements Layer {

    private final String name;
    private final String type;
    private final int size;
    private final Activation activation;

    public ActivationLayer(String name, String type, int size, Activation activation) {
        this.name = name;
        this.type = type;
        this.size = size;
        this.activation = activation;
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int n = in.numRows * size;
        System.arraycopy(in.data, 0, out.data, 0, n);
        for (int r = 0; r < in.numRows; r++) {
            activation.apply(out.data, r * size, (r + 1) * size);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public long parameterCount() {
        return 0;
    }
}
