package lstmjob.model.layers.kernels;

/**
 * The plain-Java kernel, laid out for C2's auto-vectorisation: one array per weight row, and each output row
 * accumulated in a buffer that starts at index 0 like the weight rows, so that the inner loop
 * {@code acc[j] += x·w[j]} uses the same index in every array (C2 does not vectorise {@code c[off + j] += ...}
 * over a flat array, as it cannot align two different offsets).
 */
final class JavaKernel implements MatrixKernel {

    private static final class Packed extends PackedWeights {
        final float[][] rows;
        final float[] bias;

        Packed(float[] rowMajor, int k, int n, float[] bias) {
            super(k, n, n);
            this.rows = rows(rowMajor, k, n);
            this.bias = paddedBias(bias, n, n);
        }
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String describe() {
        return "plain Java (auto-vectorised loops)";
    }

    @Override
    public int paddedCols(int n) {
        return n;
    }

    @Override
    public PackedWeights pack(float[] rowMajor, int k, int n, float[] bias) {
        return new Packed(rowMajor, k, n, bias);
    }

    @Override
    public void affine(
            int rows,
            float[] a,
            int aOff,
            int aStride,
            PackedWeights weights,
            float[] c,
            int cOff,
            int cStride,
            float[] rowBuffer) {
        Packed w = (Packed) weights;
        int k = w.k();
        int n = w.n();
        float[][] wr = w.rows;
        float[] acc = rowBuffer;
        for (int r = 0; r < rows; r++) {
            int ar = aOff + r * aStride;
            System.arraycopy(w.bias, 0, acc, 0, n);
            int i = 0;
            for (; i + 4 <= k; i += 4) {
                axpy4(
                        n,
                        a[ar + i],
                        wr[i],
                        a[ar + i + 1],
                        wr[i + 1],
                        a[ar + i + 2],
                        wr[i + 2],
                        a[ar + i + 3],
                        wr[i + 3],
                        acc);
            }
            for (; i < k; i++) {
                axpy(n, a[ar + i], wr[i], acc);
            }
            System.arraycopy(acc, 0, c, cOff + r * cStride, n);
        }
    }

    /** Four weight rows per pass over the accumulator: a quarter of its loads and stores. */
    private static void axpy4(
            int n,
            float x0,
            float[] w0,
            float x1,
            float[] w1,
            float x2,
            float[] w2,
            float x3,
            float[] w3,
            float[] acc) {
        for (int j = 0; j < n; j++) {
            acc[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
        }
    }

    @Override
    public void tanh(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] = RationalTanh.tanh(v[i]);
        }
    }

    @Override
    public void sigmoid(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] = RationalTanh.sigmoid(v[i]);
        }
    }

    @Override
    public boolean hasLstmCell() {
        return false;
    }

    @Override
    public void lstmCell(
            int rows, int units, float[] z, int zStride, float[] gateScale, float[] c, float[] cNext, float[] hNext) {
        throw new UnsupportedOperationException("the plain-Java kernel computes the LSTM cell in passes");
    }

    @Override
    public boolean hasGruCell(int units) {
        return false;
    }

    @Override
    public void gruCell(int rows, int units, float[] x, int xStride, float[] u, int uStride, float[] h, float[] hNext) {
        throw new UnsupportedOperationException("the plain-Java kernel computes the GRU cell in passes");
    }

    private static void axpy(int n, float x, float[] w, float[] acc) {
        for (int j = 0; j < n; j++) {
            acc[j] += x * w[j];
        }
    }
}
