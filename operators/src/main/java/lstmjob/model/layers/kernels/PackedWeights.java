package lstmjob.model.layers.kernels;

/**
 * An affine map's weights W (k × n) and bias b (n), laid out once, at build time, for the kernel that packed
 * them; only that kernel reads them. Immutable, shared by every thread.
 */
public abstract class PackedWeights {

    private final int k;
    private final int n;
    private final int paddedCols;

    PackedWeights(int k, int n, int paddedCols) {
        this.k = k;
        this.n = n;
        this.paddedCols = paddedCols;
    }

    /** Rows of W: the length of each input row. */
    public final int k() {
        return k;
    }

    /** Columns of W: the outputs that count. */
    public final int n() {
        return n;
    }

    /**
     * Columns the kernel writes per output row, {@code >= n()}: the columns past {@code n()} receive zeros, so
     * output rows need room for them.
     */
    public final int paddedCols() {
        return paddedCols;
    }

    /** W as {@code float[k][n]} and the padded bias, each checked and copied. */
    static float[][] rows(float[] rowMajor, int k, int n) {
        if (rowMajor.length != k * n) {
            throw new IllegalArgumentException("weights of " + rowMajor.length + " floats, expected " + k + "·" + n);
        }
        float[][] rows = new float[k][n];
        for (int i = 0; i < k; i++) {
            System.arraycopy(rowMajor, i * n, rows[i], 0, n);
        }
        return rows;
    }

    static float[] paddedBias(float[] bias, int n, int paddedCols) {
        float[] b = new float[paddedCols];
        if (bias != null) {
            if (bias.length != n) {
                throw new IllegalArgumentException("bias of " + bias.length + " floats, expected " + n);
            }
            System.arraycopy(bias, 0, b, 0, n);
        }
        return b;
    }
}
