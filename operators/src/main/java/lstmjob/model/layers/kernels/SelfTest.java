package lstmjob.model.layers.kernels;

import java.util.Random;

/** A quick check, before first use, that a kernel computes what the plain-Java kernel computes. */
final class SelfTest {

    private SelfTest() {}

    /** Null when {@code candidate} agrees with {@code reference} on odd shapes; else what differed. */
    static String disagreement(MatrixKernel candidate, MatrixKernel reference) {
        Random rnd = new Random(7);
        int[][] shapes = {{1, 3, 5}, {5, 7, 37}, {4, 9, 70}, {6, 17, 128}};
        for (int[] s : shapes) {
            int rows = s[0];
            int k = s[1];
            int n = s[2];
            float[] w = random(rnd, k * n);
            float[] b = random(rnd, n);
            float[] a = random(rnd, rows * k);
            PackedWeights pc = candidate.pack(w, k, n, b);
            PackedWeights pr = reference.pack(w, k, n, b);
            int stride = Math.max(pc.paddedCols(), pr.paddedCols());
            float[] got = new float[rows * stride];
            float[] want = new float[rows * stride];
            float[] buffer = new float[stride];
            candidate.affine(rows, a, 0, k, pc, got, 0, stride, buffer);
            reference.affine(rows, a, 0, k, pr, want, 0, stride, buffer);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    float g = got[r * stride + j];
                    float e = want[r * stride + j];
                    if (!(Math.abs(g - e) <= 1e-5f * Math.max(1f, Math.abs(e)))) {
                        return "self-test: " + candidate.name() + " gave " + g + " where " + reference.name()
                                + " gave " + e + " (" + rows + "×" + k + "·" + k + "×" + n + ", row " + r
                                + ", column " + j + ")";
                    }
                }
            }
        }
        return null;
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
