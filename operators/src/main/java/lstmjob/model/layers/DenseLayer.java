package lstmjob.model.layers;

import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/** Keras Dense (also inside TimeDistributed): y = act(x·W + b) on each row, with the given kernel. */
public final class DenseLayer extends Layer {

    private final int units;
    private final MatrixKernel kernel;
    private final PackedWeights weights;
    private final Activation activation;

    /**
     * @param type         {@code Dense} or {@code TimeDistributed(Dense)}
     * @param kernel       (inputSize, units) row-major
     * @param bias         units, or null
     * @param matrixKernel the kernel that computes the product
     */
    public DenseLayer(
            String name,
            String type,
            int inputSize,
            int units,
            float[] kernel,
            float[] bias,
            Activation activation,
            MatrixKernel matrixKernel) {
        super(name, type, inputSize, units, (long) kernel.length + (bias == null ? 0 : bias.length));
        this.units = units;
        this.kernel = matrixKernel;
        this.weights = matrixKernel.pack(kernel, inputSize, units, bias);
        this.activation = Activations.on(matrixKernel, activation);
    }

    /** Rows of padded width, when the kernel pads the columns: the output rows have no room for the padding. */
    private static final class Scratch {
        final float[] y;
        final float[] rowBuffer;

        Scratch(int rows, int stride) {
            y = new float[rows * stride];
            rowBuffer = new float[stride];
        }
    }

    @Override
    public Object newScratch(int maxRows) {
        return new Scratch(weights.paddedCols() == units ? 0 : maxRows, weights.paddedCols());
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        Scratch s = (Scratch) scratch;
        int rows = in.numRows;
        int padded = weights.paddedCols();
        if (padded == units) {
            kernel.affine(rows, in.data, 0, inputSize(), weights, out.data, 0, units, s.rowBuffer);
        } else {
            kernel.affine(rows, in.data, 0, inputSize(), weights, s.y, 0, padded, s.rowBuffer);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(s.y, r * padded, out.data, r * units, units);
            }
        }
        perRow(activation, out.data, rows, units);
    }
}
