package lstmjob.model.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both kernels against a double-precision reference, on shapes chosen to hit every block of the vector kernel:
 * row counts around its 4-row blocks, columns around its 16-lane vectors and 4-vector panels, 1 row and many.
 */
class MatrixKernelTest {

    private static final int[] ROWS = {1, 2, 3, 4, 5, 7, 8, 17, 64, 67};
    private static final int[] K = {1, 3, 8, 40, 136};
    private static final int[] N = {1, 3, 15, 16, 17, 33, 48, 64, 65, 100, 128, 129, 512};

    static Stream<Arguments> kernelsAndShapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        Random pick = new Random(3);
        for (String path : KernelPaths.BOTH) {
            for (int n : N) {
                for (int k : K) {
                    // every n with every k, and a few row counts each (all of them would be slow for nothing)
                    b.add(Arguments.of(path, ROWS[pick.nextInt(ROWS.length)], k, n));
                    b.add(Arguments.of(path, ROWS[pick.nextInt(ROWS.length)], k, n));
                }
            }
            for (int rows : ROWS) {
                b.add(Arguments.of(path, rows, 40, 128)); // LSTM(32), 8 inputs
                b.add(Arguments.of(path, rows, 136, 512)); // LSTM(128), 8 inputs
                b.add(Arguments.of(path, rows, 128, 1)); // Dense(1) after it
            }
        }
        return b.build();
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    @ParameterizedTest(name = "{0}: {1}×{2} · {2}×{3}")
    @MethodSource("kernelsAndShapes")
    void affineMatchesDoublePrecision(String path, int rows, int k, int n) {
        MatrixKernel kernel = KernelPaths.kernel(path);
        Random rnd = new Random(rows * 1_000_003L + k * 1009L + n);
        float[] w = random(rnd, k * n);
        float[] bias = rnd.nextBoolean() ? random(rnd, n) : null;
        PackedWeights packed = kernel.pack(w, k, n, bias);
        assertEquals(k, packed.k());
        assertEquals(n, packed.n());
        assertTrue(packed.paddedCols() >= n && packed.paddedCols() == kernel.paddedCols(n));
        // a and c with offsets and strides wider than the rows, to catch indexing that assumes packed rows
        int aOff = 5;
        int aStride = k + 3;
        int cOff = 7;
        int cStride = packed.paddedCols() + 11;
        float[] a = random(rnd, aOff + rows * aStride);
        float[] c = new float[cOff + rows * cStride + 13];
        java.util.Arrays.fill(c, Float.NaN);
        kernel.affine(rows, a, aOff, aStride, packed, c, cOff, cStride, new float[packed.paddedCols()]);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                double sum = bias == null ? 0 : bias[j];
                double magnitude = Math.abs(sum);
                for (int i = 0; i < k; i++) {
                    double t = (double) a[aOff + r * aStride + i] * w[i * n + j];
                    sum += t;
                    magnitude += Math.abs(t);
                }
                float got = c[cOff + r * cStride + j];
                // float32 accumulation: a few ulps of the terms' magnitude
                if (!(Math.abs(got - sum) <= 1e-6 * Math.max(1, magnitude))) {
                    fail(path + " row " + r + " column " + j + ": " + got + ", expected " + sum);
                }
            }
            for (int j = n; j < packed.paddedCols(); j++) {
                assertEquals(0f, c[cOff + r * cStride + j], path + ": padding column " + j + " is zero");
            }
            for (int j = packed.paddedCols(); j < cStride && cOff + r * cStride + j < c.length; j++) {
                assertTrue(Float.isNaN(c[cOff + r * cStride + j]), path + ": row " + r + " past its columns untouched");
            }
        }
        for (int i = 0; i < cOff; i++) {
            assertTrue(Float.isNaN(c[i]), path + ": before cOff untouched");
        }
        for (int i = cOff + rows * cStride; i < c.length; i++) {
            assertTrue(Float.isNaN(c[i]), path + ": after the last row untouched");
        }
    }

    /** The vector kernel's results are the plain kernel's within float rounding, row for row. */
    @Test
    void vectorAndPlainAgree() {
        MatrixKernel vector = KernelPaths.kernel("vector");
        MatrixKernel java = KernelPaths.kernel("java");
        Random rnd = new Random(5);
        for (int[] s : new int[][] {{1, 40, 128}, {64, 136, 512}, {9, 21, 83}, {3, 7, 5}}) {
            int rows = s[0];
            int k = s[1];
            int n = s[2];
            float[] w = random(rnd, k * n);
            float[] b = random(rnd, n);
            float[] a = random(rnd, rows * k);
            PackedWeights pv = vector.pack(w, k, n, b);
            PackedWeights pj = java.pack(w, k, n, b);
            float[] cv = new float[rows * pv.paddedCols()];
            float[] cj = new float[rows * pj.paddedCols()];
            vector.affine(rows, a, 0, k, pv, cv, 0, pv.paddedCols(), new float[pv.paddedCols()]);
            java.affine(rows, a, 0, k, pj, cj, 0, pj.paddedCols(), new float[pj.paddedCols()]);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    float x = cv[r * pv.paddedCols() + j];
                    float y = cj[r * pj.paddedCols() + j];
                    String where = rows + "×" + k + "·" + k + "×" + n + " [" + r + "," + j + "]";
                    assertTrue(
                            Math.abs(x - y) <= 1e-5f * Math.max(1f, Math.abs(y)),
                            where + ": vector " + x + ", java " + y);
                }
            }
        }
    }

    static Stream<String> paths() {
        return KernelPaths.BOTH.stream();
    }

    /** tanh and sigmoid over ranges of every length up to a few vectors, at every offset: bodies and tails. */
    @ParameterizedTest
    @MethodSource("paths")
    void activationsMatchTheExactFunctionsOnEveryRange(String path) {
        MatrixKernel kernel = KernelPaths.kernel(path);
        Random rnd = new Random(9);
        for (int from = 0; from < 20; from++) {
            for (int len = 0; len < 70; len++) {
                float[] src = new float[from + len + 3];
                for (int i = 0; i < src.length; i++) {
                    src[i] = (float) ((rnd.nextDouble() * 2 - 1) * 12);
                }
                float[] t = src.clone();
                float[] s = src.clone();
                kernel.tanh(t, from, from + len);
                kernel.sigmoid(s, from, from + len);
                for (int i = 0; i < src.length; i++) {
                    boolean inside = i >= from && i < from + len;
                    double x = src[i];
                    double tanh = inside ? Math.tanh(x) : x;
                    double sigmoid = inside ? 1 / (1 + Math.exp(-x)) : x;
                    double tolerance = inside ? 1e-6 : 0;
                    if (!(Math.abs(t[i] - tanh) <= tolerance && Math.abs(s[i] - sigmoid) <= tolerance)) {
                        fail(path + " at " + i + " of [" + from + ", " + (from + len) + "): tanh " + t[i] + " (want "
                                + tanh + "), sigmoid " + s[i] + " (want " + sigmoid + ")");
                    }
                }
            }
        }
    }

    static Stream<Arguments> cellShapes() {
        return Stream.of(1, 5, 16, 17, 32, 33, 128)
                .flatMap(units -> Stream.of(1, 3, 6).map(rows -> Arguments.of(units, rows)));
    }

    @ParameterizedTest(name = "units {0}, rows {1}")
    @MethodSource("cellShapes")
    void vectorLstmCellMatchesItsFormula(int units, int rows) {
        MatrixKernel kernel = KernelPaths.kernel("vector");
        assertTrue(kernel.hasLstmCell());
        Random rnd = new Random(units * 31L + rows);
        int zStride = 4 * units + 7;
        float[] z = random(rnd, rows * zStride, 6);
        float[] c = random(rnd, rows * units, 3);
        float[] zIn = z.clone();
        float[] cIn = c.clone();
        float[] hNext = new float[rows * units];
        // c' written over c, as the LSTM layer does when no row is masked
        kernel.lstmCell(rows, units, z, zStride, MatrixKernel.lstmGateScale(units), c, c, hNext);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < units; j++) {
                int g = r * zStride;
                double i = sigmoid(zIn[g + j]);
                double f = sigmoid(zIn[g + units + j]);
                double cand = Math.tanh(zIn[g + 2 * units + j]);
                double o = sigmoid(zIn[g + 3 * units + j]);
                double cn = f * cIn[r * units + j] + i * cand;
                double hn = o * Math.tanh(cn);
                assertEquals(cn, c[r * units + j], 2e-6, "c' row " + r + " unit " + j);
                assertEquals(hn, hNext[r * units + j], 2e-6, "h' row " + r + " unit " + j);
            }
        }
    }

    @ParameterizedTest(name = "units {0}, rows {1}")
    @MethodSource("cellShapes")
    void vectorGruCellMatchesItsFormula(int units, int rows) {
        MatrixKernel kernel = KernelPaths.kernel("vector");
        assertEquals(units >= VectorKernel.L, kernel.hasGruCell(units));
        Random rnd = new Random(units * 37L + rows);
        int xStride = 3 * units + 5;
        int uStride = 3 * units + 2;
        float[] x = random(rnd, rows * xStride, 6);
        float[] u = random(rnd, rows * uStride, 6);
        float[] h = random(rnd, rows * units, 1);
        float[] hIn = h.clone();
        // h' written over h, as the GRU layer does when no row is masked
        kernel.gruCell(rows, units, x.clone(), xStride, u, uStride, h, h);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < units; j++) {
                int gx = r * xStride;
                int gu = r * uStride;
                double z = sigmoid(x[gx + j] + u[gu + j]);
                double reset = sigmoid(x[gx + units + j] + u[gu + units + j]);
                double cand = Math.tanh(x[gx + 2 * units + j] + reset * u[gu + 2 * units + j]);
                double hn = z * hIn[r * units + j] + (1 - z) * cand;
                assertEquals(hn, h[r * units + j], 2e-6, "h' row " + r + " unit " + j);
            }
        }
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void thePlainKernelLeavesTheCellToTheLayer() {
        MatrixKernel java = KernelPaths.kernel("java");
        assertFalse(java.hasLstmCell());
        assertThrows(
                UnsupportedOperationException.class,
                () -> java.lstmCell(
                        1,
                        1,
                        new float[4],
                        4,
                        MatrixKernel.lstmGateScale(1),
                        new float[1],
                        new float[1],
                        new float[1]));
        assertFalse(java.hasGruCell(64));
        assertThrows(
                UnsupportedOperationException.class,
                () -> java.gruCell(1, 1, new float[3], 3, new float[3], 3, new float[1], new float[1]));
    }

    @Test
    void packingRefusesWeightsOfTheWrongSize() {
        for (String path : KernelPaths.BOTH) {
            MatrixKernel kernel = KernelPaths.kernel(path);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> kernel.pack(new float[11], 3, 4, null));
            assertTrue(e.getMessage().contains("11"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kernel.pack(new float[12], 3, 4, new float[3]));
        }
    }
}
