package lstmjob.model.layers;

import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/**
 * Keras LSTM, one timestep: z = x·W + h·U + b split into gates i, f, c, o (Keras order);
 * c' = f·c + i·act(z_c), h' = o·act(c'), with i, f, o through the recurrent activation. The saved bias
 * already contains unit_forget_bias, so nothing is added to it. State vectors: h, then c.
 *
 * <p>W and U are stacked into one (inputSize + units) × 4·units matrix, so that each step is one product
 * [x | h]·[W; U] + b through the given kernel.
 */
public final class LstmLayer extends RecurrentLayer {

    private final int units;
    private final MatrixKernel kernel;
    private final PackedWeights weights;
    private final Activation activation;
    private final Activation recurrentActivation;
    /** tanh and sigmoid, the Keras default: the kernel's one-pass cell, when it has one. */
    private final boolean fusedCell;

    private final float[] gateScale;

    /**
     * @param kernel          (inputSize, 4·units) row-major
     * @param recurrentKernel (units, 4·units) row-major
     * @param bias            4·units, or null when the layer has no bias
     * @param matrixKernel    the kernel that computes the products
     */
    public LstmLayer(
            String name,
            String type,
            int inputSize,
            int units,
            float[] kernel,
            float[] recurrentKernel,
            float[] bias,
            Activation activation,
            Activation recurrentActivation,
            boolean returnSequences,
            MatrixKernel matrixKernel) {
        super(name, type, inputSize, units, parameters(kernel, recurrentKernel, bias), 2, returnSequences);
        this.units = units;
        this.kernel = matrixKernel;
        this.weights = matrixKernel.pack(stack(kernel, recurrentKernel), inputSize + units, 4 * units, bias);
        this.fusedCell = matrixKernel.hasLstmCell()
                && activation == Activations.TANH
                && recurrentActivation == Activations.SIGMOID;
        this.gateScale = MatrixKernel.lstmGateScale(units);
        this.activation = Activations.on(matrixKernel, activation);
        this.recurrentActivation = Activations.on(matrixKernel, recurrentActivation);
    }

    private static final class Scratch {
        /** [x | h] per row. */
        final float[] xh;
        /** The gates per row, {@code zStride} floats apart. */
        final float[] z;

        final int zStride;
        final float[] rowBuffer;

        Scratch(int rows, int inputSize, int units, int zStride) {
            xh = new float[rows * (inputSize + units)];
            z = new float[rows * zStride];
            this.zStride = zStride;
            rowBuffer = new float[zStride];
        }
    }

    @Override
    protected Object newCellScratch(int maxRows) {
        return new Scratch(maxRows, inputSize(), units, weights.paddedCols());
    }

    @Override
    protected void advance(FMatrixRMaj in, FMatrixRMaj[] state, FMatrixRMaj[] next, Object cellScratch) {
        Scratch s = (Scratch) cellScratch;
        int rows = in.numRows;
        int zs = s.zStride;
        // h is copied into xh before the product, and the cell reads each element of c before writing it.
        concat(rows, in.data, inputSize(), state[0].data, units, s.xh);
        kernel.affine(rows, s.xh, 0, inputSize() + units, weights, s.z, 0, zs, s.rowBuffer);
        float[] c = state[1].data;
        if (fusedCell) {
            kernel.lstmCell(rows, units, s.z, zs, gateScale, c, next[1].data, next[0].data);
        } else {
            cellInPasses(rows, s.z, zs, c, next[1].data, next[0].data);
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
            recurrentActivation.apply(zd, g, g + 2 * h); // i, f
            activation.apply(zd, g + 2 * h, g + 3 * h); // candidate
            recurrentActivation.apply(zd, g + 3 * h, g + 4 * h); // o
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
}
