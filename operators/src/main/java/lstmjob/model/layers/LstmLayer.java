package lstmjob.model.layers;

import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/**
 * Keras LSTM, one timestep: z = x·W + h·U + b split into gates i, f, c, o (Keras order);
 * c' = f·c + i·act(z_c), h' = o·act(c'), with i, f, o through the recurrent activation. The saved bias
 * already contains unit_forget_bias, so nothing is added to it. State vectors: h, then c.
 *
 * <p>W and U are stacked into one (inputSize + units) × 4·units matrix, so that each step is one product
 * [x | h]·[W; U] + b through the kernel chosen at build time.
 */
public final class LstmLayer implements Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int units;
    private final MatrixKernel kernel;
    private final PackedWeights weights;
    private final long parameterCount;
    private final Activation activation;
    private final Activation recurrentActivation;
    /** tanh and sigmoid, the Keras default: the kernel's one-pass cell, when it has one. */
    private final boolean fusedCell;
    private final float[] gateScale;
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
        this.kernel = Kernels.selected();
        this.weights = this.kernel.pack(Recurrent.stack(kernel, recurrentKernel), inputSize + units, 4 * units, bias);
        this.parameterCount = (long) kernel.length + recurrentKernel.length + (bias == null ? 0 : bias.length);
        this.fusedCell = this.kernel.hasLstmCell() && activation == Activations.TANH
                && recurrentActivation == Activations.SIGMOID;
        this.gateScale = MatrixKernel.lstmGateScale(units);
        this.activation = Activations.on(this.kernel, activation);
        this.recurrentActivation = Activations.on(this.kernel, recurrentActivation);
        this.returnSequences = returnSequences;
    }

    private static final class Scratch {
        /** [x | h] per row. */
        final float[] xh;
        /** The gates per row, {@code zStride} floats apart. */
        final float[] z;
        final int zStride;
        final float[] rowBuffer;
        final FMatrixRMaj[] next;

        Scratch(int rows, int inputSize, int units, int zStride) {
            xh = new float[rows * (inputSize + units)];
            z = new float[rows * zStride];
            this.zStride = zStride;
            rowBuffer = new float[zStride];
            next = new FMatrixRMaj[] {new FMatrixRMaj(rows, units), new FMatrixRMaj(rows, units)};
        }
    }

    @Override
    public Object newScratch(int maxRows) {
        return new Scratch(maxRows, inputSize, units, weights.paddedCols());
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        Scratch s = (Scratch) scratch;
        int rows = in.numRows;
        int h = units;
        int zs = s.zStride;
        float[] zd = s.z;
        Recurrent.concat(rows, in.data, inputSize, state[0].data, h, s.xh);
        kernel.affine(rows, s.xh, 0, inputSize + h, weights, zd, 0, zs, s.rowBuffer);
        float[] c = state[1].data;
        if (!mask.any()) {
            // Every row takes its new state: write it in place (h is in xh already; c is read before written).
            cell(rows, zd, zs, c, c, state[0].data);
            System.arraycopy(state[0].data, 0, out.data, 0, rows * h);
        } else {
            FMatrixRMaj hNext = s.next[0];
            FMatrixRMaj cNext = s.next[1];
            hNext.reshape(rows, h, false);
            cNext.reshape(rows, h, false);
            cell(rows, zd, zs, c, cNext.data, hNext.data);
            Recurrent.commit(state, s.next, out, mask);
        }
        Recurrent.afterStep(mask, returnSequences);
    }

    private void cell(int rows, float[] zd, int zs, float[] c, float[] cNext, float[] hNext) {
        if (fusedCell) {
            kernel.lstmCell(rows, units, zd, zs, gateScale, c, cNext, hNext);
        } else {
            cellInPasses(rows, zd, zs, c, cNext, hNext);
        }
    }

    /**
     * The cell for any activations: each activation over its gate block, then the cell arithmetic. {@code cn}
     * may be {@code c}.
     */
    private void cellInPasses(int rows, float[] zd, int zs, float[] c, float[] cn, float[] hn) {
        int h = units;
        for (int r = 0; r < rows; r++) {
            int g = r * zs;
            int o = r * h;
            recurrentActivation.apply(zd, g, g + 2 * h);          // i, f
            activation.apply(zd, g + 2 * h, g + 3 * h);           // candidate
            recurrentActivation.apply(zd, g + 3 * h, g + 4 * h);  // o
            for (int j = 0; j < h; j++) {
                cn[o + j] = zd[g + h + j] * c[o + j] + zd[g + j] * zd[g + 2 * h + j];
            }
            System.arraycopy(cn, o, hn, o, h);
            activation.apply(hn, o, o + h);
            for (int j = 0; j < h; j++) {
                hn[o + j] *= zd[g + 3 * h + j];
            }
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
        return parameterCount;
    }

    @Override
    public int stateVectors() {
        return 2;
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    /** Multiply-adds per row and step: (inputSize + units) · 4·units. */
    public long multiplyAdds() {
        return weights.multiplyAdds();
    }
}
