package lstmjob.model.layers.kernels;

/**
 * The hot product of every layer: {@code c = a·W + b} for 1..N rows (one row per key). Implementations are
 * stateless and run entirely on the calling thread; they allocate nothing per call.
 */
public interface MatrixKernel {

    /** {@code "vector"} or {@code "java"}, as {@link Kernels#PROPERTY} names them. */
    String name();

    /** What runs, for logs and people, e.g. {@code vector (AVX-512, 16 float lanes)}. */
    String describe();

    /**
     * Lays out W ({@code k × n}, row-major) and b ({@code n}, or null for none) for this kernel; done once
     * per layer, at build time.
     */
    PackedWeights pack(float[] rowMajor, int k, int n, float[] bias);

    /**
     * For each row r below {@code rows}:
     * {@code c[cOff + r·cStride + j] = b[j] + Σ_i a[aOff + r·aStride + i]·W[i][j]} for j below
     * {@code w.paddedCols()} (columns past {@code w.n()} get 0). {@code a} and {@code c} must not overlap.
     * Row r's bits depend on row r of {@code a} only, never on {@code rows} or the other rows: a key's step
     * gives the same result in any bundle, so replays and recoveries can be compared byte for byte.
     *
     * @param rowBuffer at least {@code w.paddedCols()} floats of per-thread scratch, overwritten
     */
    void affine(
            int rows,
            float[] a,
            int aOff,
            int aStride,
            PackedWeights w,
            float[] c,
            int cOff,
            int cStride,
            float[] rowBuffer);

    /** {@code n} rounded up to what {@link #pack} pads it to, for sizing output rows before packing. */
    int paddedCols(int n);

    /** {@link RationalTanh#tanh} in place over {@code v[from, to)}. */
    void tanh(float[] v, int from, int to);

    /** {@link RationalTanh#sigmoid} in place over {@code v[from, to)}. */
    void sigmoid(float[] v, int from, int to);

    /** Whether {@link #lstmCell} is available; when not, the layer computes the cell in passes. */
    boolean hasLstmCell();

    /**
     * The Keras LSTM cell with tanh and sigmoid, in one pass per row: with z's row r holding the gates
     * i, f, g, o ({@code units} floats each) from {@code r·zStride}, and c, c', h' rows {@code units} floats
     * apart: c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). The gates are activated in place. {@code c} may
     * be {@code cNext} (each element is read before it is written).
     *
     * @param gateScale {@link #lstmGateScale(int)} for {@code units}
     * @throws UnsupportedOperationException when {@link #hasLstmCell()} is false
     */
    void lstmCell(
            int rows, int units, float[] z, int zStride, float[] gateScale, float[] c, float[] cNext, float[] hNext);

    /**
     * Whether {@link #gruCell} is available and faster than the passes for {@code units}; when not, the GRU layer
     * computes the cell in passes.
     */
    boolean hasGruCell(int units);

    /**
     * The Keras GRU cell with reset_after, tanh and sigmoid, in one pass per row, with the same operations in
     * the same order as the passes: x's row r holds x·W + b_x as the blocks z, r, ĥ ({@code units} floats each)
     * from {@code r·xStride}, u's row r holds h·U + b_h likewise from {@code r·uStride}; then z = σ(x_z + u_z),
     * r = σ(x_r + u_r), ĥ = tanh(x_ĥ + r·u_ĥ), h' = z·h + (1 − z)·ĥ, with h and h' rows {@code units} floats
     * apart. {@code hNext} may be {@code h} (each element is read before it is written); x is overwritten.
     *
     * @throws UnsupportedOperationException when the kernel has no GRU cell
     */
    void gruCell(int rows, int units, float[] x, int xStride, float[] u, int uStride, float[] h, float[] hNext);

    /** ½ on the sigmoid gates' columns (i, f, o), 1 on the candidate's (g): σ(x) = ½·tanh(x/2) + ½. */
    static float[] lstmGateScale(int units) {
        float[] s = new float[4 * units];
        java.util.Arrays.fill(s, 0.5f);
        java.util.Arrays.fill(s, 2 * units, 3 * units, 1f);
        return s;
    }
}
