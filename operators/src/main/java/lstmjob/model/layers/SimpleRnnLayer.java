package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** Keras SimpleRNN, one timestep: h' = act(x·W + h·U + b). */
public final class SimpleRnnLayer implements Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int units;
    private final FMatrixRMaj kernel;
    private final FMatrixRMaj recurrentKernel;
    private final float[] bias;
    private final Activation activation;
    private final boolean returnSequences;

    /**
     * @param kernel          (inputSize, units) row-major
     * @param recurrentKernel (units, units) row-major
     * @param bias            units, or null
     */
    public SimpleRnnLayer(String name, String type, int inputSize, int units, float[] kernel,
                          float[] recurrentKernel, float[] bias, Activation activation, boolean returnSequences) {
        this.name = name;
        this.type = type;
        this.inputSize = inputSize;
        this.units = units;
        this.kernel = Recurrent.matrix(inputSize, units, kernel);
        this.recurrentKernel = Recurrent.matrix(units, units, recurrentKernel);
        this.bias = bias == null ? null : bias.clone();
        this.activation = activation;
        this.returnSequences = returnSequences;
    }

    private static final class Scratch {
        final FMatrixRMaj[] next;

        Scratch(int rows, int units) {
            next = new FMatrixRMaj[] {new FMatrixRMaj(rows, units)};
        }
    }

    @Override
    public Object newScratch(int maxRows) {
        return new Scratch(maxRows, units);
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        Scratch s = (Scratch) scratch;
        int rows = in.numRows;
        FMatrixRMaj z = s.next[0];
        z.reshape(rows, units, false);
        CommonOps_FDRM.mult(in, kernel, z);
        CommonOps_FDRM.multAdd(state[0], recurrentKernel, z);
        Recurrent.addBias(z, bias);
        for (int r = 0; r < rows; r++) {
            activation.apply(z.data, r * units, (r + 1) * units);
        }
        Recurrent.commit(state, s.next, out, mask);
        Recurrent.afterStep(mask, returnSequences);
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
        return (long) kernel.getNumElements() + recurrentKernel.getNumElements() + (bias == null ? 0 : bias.length);
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    public boolean returnSequences() {
        return returnSequences;
    }
}
