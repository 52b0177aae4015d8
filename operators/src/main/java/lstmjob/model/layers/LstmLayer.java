package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Keras LSTM, one timestep: z = x·W + h·U + b split into gates i, f, c, o (Keras order);
 * c' = f·c + i·act(z_c), h' = o·act(c'), with i, f, o through the recurrent activation. The saved bias
 * already contains unit_forget_bias, so nothing is added to it. State vectors: h, then c.
 */
public final class LstmLayer implements Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int units;
    private final FMatrixRMaj kernel;
    private final FMatrixRMaj recurrentKernel;
    private final float[] bias;
    private final Activation activation;
    private final Activation recurrentActivation;
    private final boolean returnSequences;

    /**
     * @param kernel          (inputSize, 4·units) row-major
     * @param recurrentKernel (units, 4·units) row-major
     * @param bias            4·units, or null when the layer has no bias
     */
    public LstmLayer(String name, String type, int inputSize, int units, float[] kernel, float[] recurrentKernel,
                     float[] bias, Activation activation, Activation recurrentActivation, boolean returnSequences) {
        this.name = name;
        this.type = type;
        this.inputSize = inputSize;
        this.units = units;
        this.kernel = Recurrent.matrix(inputSize, 4 * units, kernel);
        this.recurrentKernel = Recurrent.matrix(units, 4 * units, recurrentKernel);
        this.bias = bias == null ? null : bias.clone();
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.returnSequences = returnSequences;
    }

    private static final class Scratch {
        final FMatrixRMaj z;
        final FMatrixRMaj[] next;

        Scratch(int rows, int units) {
            z = new FMatrixRMaj(rows, 4 * units);
            next = new FMatrixRMaj[] {new FMatrixRMaj(rows, units), new FMatrixRMaj(rows, units)};
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
        int h4 = 4 * units;
        FMatrixRMaj z = s.z;
        z.reshape(rows, h4, false);
        CommonOps_FDRM.mult(in, kernel, z);
        CommonOps_FDRM.multAdd(state[0], recurrentKernel, z);
        Recurrent.addBias(z, bias);
        FMatrixRMaj hNext = s.next[0];
        FMatrixRMaj cNext = s.next[1];
        hNext.reshape(rows, units, false);
        cNext.reshape(rows, units, false);
        float[] zd = z.data;
        float[] c = state[1].data;
        for (int r = 0; r < rows; r++) {
            int g = r * h4;
            int o = r * units;
            recurrentActivation.apply(zd, g, g + 2 * units);          // i, f
            activation.apply(zd, g + 2 * units, g + 3 * units);       // candidate
            recurrentActivation.apply(zd, g + 3 * units, g + h4);     // o
            for (int j = 0; j < units; j++) {
                cNext.data[o + j] = zd[g + units + j] * c[o + j] + zd[g + j] * zd[g + 2 * units + j];
            }
            System.arraycopy(cNext.data, o, hNext.data, o, units);
            activation.apply(hNext.data, o, o + units);
            for (int j = 0; j < units; j++) {
                hNext.data[o + j] *= zd[g + 3 * units + j];
            }
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
        return 2;
    }

    public boolean returnSequences() {
        return returnSequences;
    }
}
