package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** A weightless activation layer (Activation, ReLU, LeakyReLU, ELU, Softmax, ...): y = act(x) on each row. */
public final class ActivationLayer extends Layer {

    private final Activation activation;

    public ActivationLayer(String name, String type, int size, Activation activation) {
        super(name, type, size, size, 0);
        this.activation = activation;
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        System.arraycopy(in.data, 0, out.data, 0, in.numRows * outputSize());
        perRow(activation, out.data, in.numRows, outputSize());
    }
}
