package lstmjob.model.layers;

import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/** Keras SimpleRNN, one timestep: h' = act(x·W + h·U + b), as one product [x | h]·[W; U] + b. */
public final class SimpleRnnLayer extends RecurrentLayer {

    private final int units;
    private final MatrixKernel kernel;
    private final PackedWeights weights;
    private final Activation activation;

    /**
     * @param kernel          (inputSize, units) row-major
     * @param recurrentKernel (units, units) row-major
     * @param bias            units, or null
     * @param matrixKernel    the kernel that computes the product
     */
    public SimpleRnnLayer(
            String name,
            String type,
            int inputSize,
            int units,
            float[] kernel,
            float[] recurrentKernel,
            float[] bias,
            Activation activation,
            boolean returnSequences,
            MatrixKernel matrixKernel) {
        super(name, type, inputSize, units, parameters(kernel, recurrentKernel, bias), 1, returnSequences);
        this.units = units;
        this.kernel = matrixKernel;
        this.weights = matrixKernel.pack(stack(kernel, recurrentKernel), inputSize + units, units, bias);
        this.activation = Activations.on(matrixKernel, activation);
    }

    private static final class Scratch {
        final float[] xh;
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
        concat(rows, in.data, inputSize(), state[0].data, units, s.xh);
        kernel.affine(rows, s.xh, 0, inputSize() + units, weights, s.z, 0, zs, s.rowBuffer);
        float[] hn = next[0].data;
        for (int r = 0; r < rows; r++) {
            activation.apply(s.z, r * zs, r * zs + units);
            System.arraycopy(s.z, r * zs, hn, r * units, units);
        }
    }
}
