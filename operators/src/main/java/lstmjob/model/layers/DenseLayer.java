package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** Keras Dense (also inside TimeDistributed): y = act(x·W + b) on each row. */
public final class DenseLayer implements Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int units;
    private final FMatrixRMaj kernel;
    private final float[] bias;
    private final Activation activation;

    /**
     * @param type   {@code Dense} or {@code TimeDistributed(Dense)}
     * @param kernel (inputSize, units) row-major
     * @param bias   units, or null
     */
    public DenseLayer(String name, String type, int inputSize, int units, float[] kernel, float[] bias,
                      Activation activation) {
        this.name = name;
        this.type = type;
        this.inputSize = inputSize;
        this.units = units;
        this.kernel = Recurrent.matrix(inputSize, units, kernel);
        this.bias = bias == null ? null : bias.clone();
        this.activation = activation;
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        CommonOps_FDRM.mult(in, kernel, out);
        Recurrent.addBias(out, bias);
        for (int r = 0; r < out.numRows; r++) {
            activation.apply(out.data, r * units, (r + 1) * units);
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
        return inputSize;
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public long parameterCount() {
        return (long) kernel.getNumElements() + (bias == null ? 0 : bias.length);
    }
}
