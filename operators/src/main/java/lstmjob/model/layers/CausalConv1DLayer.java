package lstmjob.model.layers;

import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/**
 * Keras Conv1D with padding {@code causal}, stride 1, kernel size k ≥ 2 and dilation d, one timestep at a time:
 * y_t = act(b + Σ_j x_{t-(k-1-j)·d}·W_j), zeros for the inputs before the key's sequence began. The key's state
 * is its last (k-1)·d inputs to this layer, one state vector each (channels floats), oldest first: state vector
 * v holds x_{t-(k-1)·d+v}, so tap j (j < k-1) reads state vector j·d and the last tap the current input.
 * Shifting the window by one vector per step (rather than a ring buffer) keeps the state a plain, oldest-first
 * list of inputs that state reports, set-state records and states files can show as it is.
 */
public final class CausalConv1DLayer extends Layer {

    private final int channels;
    private final int filters;
    private final int kernelSize;
    private final int dilation;
    private final MatrixKernel kernel;
    private final PackedWeights weights;
    private final Activation activation;

    /**
     * @param kernel       (kernelSize, channels, filters) row-major, as Keras stores it: the (kernelSize·channels,
     *                     filters) matrix that the row [tap 0 | tap 1 | ... | tap k-1] multiplies
     * @param bias         filters, or null
     * @param matrixKernel the kernel that computes the product
     */
    public CausalConv1DLayer(
            String name,
            String type,
            int channels,
            int filters,
            int kernelSize,
            int dilation,
            float[] kernel,
            float[] bias,
            Activation activation,
            MatrixKernel matrixKernel) {
        super(name, type, channels, filters, (long) kernel.length + (bias == null ? 0 : bias.length));
        if (kernelSize < 2 || dilation < 1) {
            throw new IllegalArgumentException("a causal convolution with state needs kernel size >= 2 and "
                    + "dilation >= 1, got " + kernelSize + " and " + dilation);
        }
        this.channels = channels;
        this.filters = filters;
        this.kernelSize = kernelSize;
        this.dilation = dilation;
        this.kernel = matrixKernel;
        this.weights = matrixKernel.pack(kernel, kernelSize * channels, filters, bias);
        this.activation = Activations.on(matrixKernel, activation);
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int dilation() {
        return dilation;
    }

    /** The past inputs a key keeps: (kernel size - 1) · dilation. */
    @Override
    public int stateVectors() {
        return (kernelSize - 1) * dilation;
    }

    /** Each state vector is one past input: the layer's input channels. */
    @Override
    public int stateSize() {
        return channels;
    }

    /** The taps of each row side by side, and rows of padded width when the kernel pads the columns. */
    private static final class Scratch {
        final float[] taps;
        final float[] y;
        final float[] rowBuffer;

        Scratch(int rows, int tapsWidth, int paddedRows, int stride) {
            taps = new float[rows * tapsWidth];
            y = new float[paddedRows * stride];
            rowBuffer = new float[stride];
        }
    }

    @Override
    public Object newScratch(int maxRows) {
        int padded = weights.paddedCols();
        return new Scratch(maxRows, kernelSize * channels, padded == filters ? 0 : maxRows, padded);
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        Scratch s = (Scratch) scratch;
        int rows = in.numRows;
        int width = kernelSize * channels;
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int j = 0; j < kernelSize - 1; j++) {
                System.arraycopy(state[j * dilation].data, r * channels, s.taps, base + j * channels, channels);
            }
            System.arraycopy(in.data, r * channels, s.taps, base + (kernelSize - 1) * channels, channels);
        }
        int padded = weights.paddedCols();
        if (padded == filters) {
            kernel.affine(rows, s.taps, 0, width, weights, out.data, 0, filters, s.rowBuffer);
        } else {
            kernel.affine(rows, s.taps, 0, width, weights, s.y, 0, padded, s.rowBuffer);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(s.y, r * padded, out.data, r * filters, filters);
            }
        }
        perRow(activation, out.data, rows, filters);
        // The window moves on by one input: every past input one older, the current one the newest.
        int n = state.length;
        for (int v = 0; v + 1 < n; v++) {
            System.arraycopy(state[v + 1].data, 0, state[v].data, 0, rows * channels);
        }
        System.arraycopy(in.data, 0, state[n - 1].data, 0, rows * channels);
        // Keras 3 drops a mask at a layer that does not support masking (Keras 2 cannot build one that gets a
        // mask); the loader refuses a mask that reaches this layer before any recurrent layer has consumed it.
        mask.clear();
    }
}
