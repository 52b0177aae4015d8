package lstmjob.model.layers;

import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/** Keras Dense (also inside TimeDistributed): y = act(x·W + b) on each row, with the kernel chosen at build time. */
public final class DenseLayer implements Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int units;
    private final MatrixKernel kernel;
    private final PackedWeights weights;
    private final long parameterCount;
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
        this.kernel = Kernels.selected();
        this.weights = this.kernel.pack(kernel, inputSize, units, bias);
        this.parameterCount = (long) kernel.length + (bias == null ? 0 : bias.length);
        this.activation = Activations.on(this.kernel, activation);
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
            kernel.affine(rows, in.data, 0, inputSize, weights, out.data, 0, units, s.rowBuffer);
        } else {
            kernel.affine(rows, in.data, 0, inputSize, weights, s.y, 0, padded, s.rowBuffer);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(s.y, r * padded, out.data, r * units, units);
            }
        }
        for (int r = 0; r < rows; r++) {
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
        return parameterCount;
    }

    /** Multiply-adds per row and step: inputSize · units. */
    public long multiplyAdds() {
        return weights.multiplyAdds();
    }
}
