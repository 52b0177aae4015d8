package lstmjob.model.layers.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel: register-blocked {@code a·W + b} on {@link FloatVector#SPECIES_PREFERRED}, the one
 * species this JVM uses (mixing species makes C2's code several times slower). Loaded only through
 * {@link Kernels}, after it has checked that {@code jdk.incubator.vector} is present.
 *
 * <p>W is packed once into column panels of 4 vectors ({@code 4·L} columns; the last panel may be narrower),
 * each panel's k rows contiguous, so a block of 4 output rows × 4 vectors streams one panel sequentially and
 * keeps its 16 accumulators in registers for the whole k loop; single rows use 1 × 4 blocks. Each block
 * method holds its vectors locally and is small enough for C2 to compile without boxing them.
 *
 * <p>A row's result never depends on the other rows of the call: every block sums an output column in the same
 * order as the block that computes one row alone, so a key's step gives the same bits in any bundle, at any
 * row. (Full panels sum in i order from the bias; narrow panels over even and odd i apart, then add.)
 */
final class VectorKernel implements MatrixKernel {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    /** Vectors per panel. */
    private static final int PANEL = 4;

    private static final int PANEL_COLS = PANEL * L;

    private static final class Packed extends PackedWeights {
        /** The panels one after another; panel p starts at {@code p · k · PANEL_COLS}. */
        final float[] panels;

        final float[] bias;

        Packed(float[] rowMajor, int k, int n, float[] bias, int paddedCols) {
            super(k, n, paddedCols);
            this.panels = new float[k * paddedCols];
            this.bias = paddedBias(bias, n, paddedCols);
            float[][] rows = rows(rowMajor, k, n);
            for (int j0 = 0; j0 < paddedCols; j0 += PANEL_COLS) {
                int width = Math.min(PANEL_COLS, paddedCols - j0);
                int base = j0 * k;
                int copy = Math.max(0, Math.min(width, n - j0));
                for (int i = 0; i < k; i++) {
                    System.arraycopy(rows[i], j0, panels, base + i * width, copy);
                }
            }
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String describe() {
        return "vector (" + isa(SPECIES.vectorBitSize()) + ", " + L + " float lanes)";
    }

    private static String isa(int bits) {
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        if (x86 && bits == 512) {
            return "AVX-512";
        }
        if (x86 && bits == 256) {
            return "AVX2";
        }
        if (x86 && bits == 128) {
            return "SSE";
        }
        return bits + "-bit";
    }

    @Override
    public int paddedCols(int n) {
        return (n + L - 1) / L * L;
    }

    @Override
    public PackedWeights pack(float[] rowMajor, int k, int n, float[] bias) {
        return new Packed(rowMajor, k, n, bias, paddedCols(n));
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
        int cols = w.paddedCols();
        float[] p = w.panels;
        float[] b = w.bias;
        // Panel outer, rows inner: a panel (k · 64 floats) stays in L1 while every row block reads it.
        for (int j0 = 0; j0 < cols; j0 += PANEL_COLS) {
            int width = Math.min(PANEL_COLS, cols - j0);
            int base = j0 * k;
            if (width == PANEL_COLS) {
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    block4x4(a, aOff + r * aStride, aStride, k, p, base, b, j0, c, cOff + r * cStride + j0, cStride);
                }
                for (; r < rows; r++) {
                    block1x4(a, aOff + r * aStride, k, p, base, b, j0, c, cOff + r * cStride + j0);
                }
            } else {
                for (int v = 0; v < width; v += L) {
                    int r = 0;
                    for (; r + 4 <= rows; r += 4) {
                        block4x1(
                                a,
                                aOff + r * aStride,
                                aStride,
                                k,
                                p,
                                base + v,
                                width,
                                b,
                                j0 + v,
                                c,
                                cOff + r * cStride + j0 + v,
                                cStride);
                    }
                    for (; r < rows; r++) {
                        block1x1(
                                a,
                                aOff + r * aStride,
                                k,
                                p,
                                base + v,
                                width,
                                b,
                                j0 + v,
                                c,
                                cOff + r * cStride + j0 + v);
                    }
                }
            }
        }
    }

    @Override
    public void tanh(float[] v, int from, int to) {
        rational(v, from, to, 1f, 1f, 0f);
    }

    @Override
    public void sigmoid(float[] v, int from, int to) {
        rational(v, from, to, 0.5f, 0.5f, 0.5f);
    }

    @Override
    public boolean hasLstmCell() {
        return true;
    }

    /**
     * One method, so that every vector stays inside it (C2 boxes vectors passed to methods it does not
     * inline). Per row: all four gate blocks in one pass, as s·tanh(s·z) + (1 − s) with s = ½ on the sigmoid
     * columns (σ(x) = ½·tanh(x/2) + ½) and 1 on the tanh columns; then c' and h'.
     */
    @Override
    public void lstmCell(
            int rows, int units, float[] z, int zStride, float[] gateScale, float[] c, float[] cNext, float[] hNext) {
        int h = units;
        int h4 = 4 * h;
        FloatVector p9 = FloatVector.broadcast(SPECIES, RationalTanh.P9);
        FloatVector p7 = FloatVector.broadcast(SPECIES, RationalTanh.P7);
        FloatVector p5 = FloatVector.broadcast(SPECIES, RationalTanh.P5);
        FloatVector p3 = FloatVector.broadcast(SPECIES, RationalTanh.P3);
        FloatVector p1 = FloatVector.broadcast(SPECIES, RationalTanh.P1);
        FloatVector q2 = FloatVector.broadcast(SPECIES, RationalTanh.Q2);
        FloatVector q0 = FloatVector.broadcast(SPECIES, RationalTanh.Q0);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int r = 0; r < rows; r++) {
            int g = r * zStride;
            int j = 0;
            for (; j + L <= h4; j += L) {
                FloatVector s = FloatVector.fromArray(SPECIES, gateScale, j);
                FloatVector x = FloatVector.fromArray(SPECIES, z, g + j)
                        .mul(s)
                        .max(-RationalTanh.CLAMP)
                        .min(RationalTanh.CLAMP);
                FloatVector x2 = x.mul(x);
                FloatVector p = x2.fma(RationalTanh.P13, RationalTanh.P11);
                p = p.fma(x2, p9);
                p = p.fma(x2, p7);
                p = p.fma(x2, p5);
                p = p.fma(x2, p3);
                p = p.fma(x2, p1);
                FloatVector q = x2.fma(RationalTanh.Q6, RationalTanh.Q4);
                q = q.fma(x2, q2);
                q = q.fma(x2, q0);
                x.mul(p).div(q).fma(s, one.sub(s)).intoArray(z, g + j);
            }
            for (; j < h4; j++) {
                float s = gateScale[j];
                z[g + j] = Math.fma(s, RationalTanh.tanh(s * z[g + j]), 1f - s);
            }
            int o = r * h;
            j = 0;
            for (; j + L <= h; j += L) {
                FloatVector i = FloatVector.fromArray(SPECIES, z, g + j);
                FloatVector f = FloatVector.fromArray(SPECIES, z, g + h + j);
                FloatVector cand = FloatVector.fromArray(SPECIES, z, g + 2 * h + j);
                FloatVector cn = f.fma(FloatVector.fromArray(SPECIES, c, o + j), i.mul(cand));
                cn.intoArray(cNext, o + j);
                FloatVector x = cn.max(-RationalTanh.CLAMP).min(RationalTanh.CLAMP);
                FloatVector x2 = x.mul(x);
                FloatVector p = x2.fma(RationalTanh.P13, RationalTanh.P11);
                p = p.fma(x2, p9);
                p = p.fma(x2, p7);
                p = p.fma(x2, p5);
                p = p.fma(x2, p3);
                p = p.fma(x2, p1);
                FloatVector q = x2.fma(RationalTanh.Q6, RationalTanh.Q4);
                q = q.fma(x2, q2);
                q = q.fma(x2, q0);
                x.mul(p)
                        .div(q)
                        .mul(FloatVector.fromArray(SPECIES, z, g + 3 * h + j))
                        .intoArray(hNext, o + j);
            }
            for (; j < h; j++) {
                float cn = z[g + h + j] * c[o + j] + z[g + j] * z[g + 2 * h + j];
                cNext[o + j] = cn;
                hNext[o + j] = z[g + 3 * h + j] * RationalTanh.tanh(cn);
            }
        }
    }

    /**
     * From one full vector of units: below, every unit would take the scalar tail, which C2 cannot vectorise
     * across the gate blocks as it does the passes' single-array loops (measured 25 % slower at 8 units).
     */
    @Override
    public boolean hasGruCell(int units) {
        return units >= L;
    }

    /** Per row, all three gates in one pass; the tail scalar, with the same operations as the vector lanes. */
    @Override
    public void gruCell(int rows, int units, float[] x, int xStride, float[] u, int uStride, float[] h, float[] hNext) {
        int n = units;
        for (int r = 0; r < rows; r++) {
            int gx = r * xStride;
            int gu = r * uStride;
            int o = r * n;
            int j = 0;
            for (; j + L <= n; j += L) {
                FloatVector z = sigmoid(
                        FloatVector.fromArray(SPECIES, x, gx + j).add(FloatVector.fromArray(SPECIES, u, gu + j)));
                FloatVector reset = sigmoid(FloatVector.fromArray(SPECIES, x, gx + n + j)
                        .add(FloatVector.fromArray(SPECIES, u, gu + n + j)));
                FloatVector cand = tanh(FloatVector.fromArray(SPECIES, x, gx + 2 * n + j)
                        .add(reset.mul(FloatVector.fromArray(SPECIES, u, gu + 2 * n + j))));
                FloatVector keep = z.mul(FloatVector.fromArray(SPECIES, h, o + j));
                keep.add(z.neg().add(1f).mul(cand)).intoArray(hNext, o + j);
            }
            for (; j < n; j++) {
                float z = RationalTanh.sigmoid(x[gx + j] + u[gu + j]);
                float reset = RationalTanh.sigmoid(x[gx + n + j] + u[gu + n + j]);
                float cand = RationalTanh.tanh(x[gx + 2 * n + j] + reset * u[gu + 2 * n + j]);
                hNext[o + j] = z * h[o + j] + (1f - z) * cand;
            }
        }
    }

    /** {@link RationalTanh#sigmoid} lane by lane: ½·tanh(x/2) + ½. */
    private static FloatVector sigmoid(FloatVector x) {
        return tanh(x.mul(0.5f)).fma(0.5f, 0.5f);
    }

    /** {@link RationalTanh#tanh} lane by lane; small, so that C2 inlines it and the vectors stay in registers. */
    private static FloatVector tanh(FloatVector v) {
        FloatVector x = v.max(-RationalTanh.CLAMP).min(RationalTanh.CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(RationalTanh.P13, RationalTanh.P11);
        p = p.fma(x2, FloatVector.broadcast(SPECIES, RationalTanh.P9));
        p = p.fma(x2, FloatVector.broadcast(SPECIES, RationalTanh.P7));
        p = p.fma(x2, FloatVector.broadcast(SPECIES, RationalTanh.P5));
        p = p.fma(x2, FloatVector.broadcast(SPECIES, RationalTanh.P3));
        p = p.fma(x2, FloatVector.broadcast(SPECIES, RationalTanh.P1));
        FloatVector q = x2.fma(RationalTanh.Q6, RationalTanh.Q4);
        q = q.fma(x2, FloatVector.broadcast(SPECIES, RationalTanh.Q2));
        q = q.fma(x2, FloatVector.broadcast(SPECIES, RationalTanh.Q0));
        return x.mul(p).div(q);
    }

    /**
     * {@code v[i] = outScale · tanh(inScale · v[i]) + outShift} over {@code [from, to)}: tanh with (1, 1, 0),
     * sigmoid with (0.5, 0.5, 0.5). {@link RationalTanh}'s polynomials, lane by lane; the tail scalar.
     */
    private static void rational(float[] v, int from, int to, float inScale, float outScale, float outShift) {
        FloatVector p9 = FloatVector.broadcast(SPECIES, RationalTanh.P9);
        FloatVector p7 = FloatVector.broadcast(SPECIES, RationalTanh.P7);
        FloatVector p5 = FloatVector.broadcast(SPECIES, RationalTanh.P5);
        FloatVector p3 = FloatVector.broadcast(SPECIES, RationalTanh.P3);
        FloatVector p1 = FloatVector.broadcast(SPECIES, RationalTanh.P1);
        FloatVector q2 = FloatVector.broadcast(SPECIES, RationalTanh.Q2);
        FloatVector q0 = FloatVector.broadcast(SPECIES, RationalTanh.Q0);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, v, i)
                    .mul(inScale)
                    .max(-RationalTanh.CLAMP)
                    .min(RationalTanh.CLAMP);
            FloatVector x2 = x.mul(x);
            FloatVector p = x2.fma(RationalTanh.P13, RationalTanh.P11);
            p = p.fma(x2, p9);
            p = p.fma(x2, p7);
            p = p.fma(x2, p5);
            p = p.fma(x2, p3);
            p = p.fma(x2, p1);
            FloatVector q = x2.fma(RationalTanh.Q6, RationalTanh.Q4);
            q = q.fma(x2, q2);
            q = q.fma(x2, q0);
            x.mul(p).div(q).fma(outScale, outShift).intoArray(v, i);
        }
        for (; i < to; i++) {
            v[i] = Math.fma(outScale, RationalTanh.tanh(inScale * v[i]), outShift);
        }
    }

    /** Rows r..r+3 × one full panel. */
    private static void block4x4(
            float[] a,
            int aOff,
            int as,
            int k,
            float[] w,
            int wOff,
            float[] bias,
            int j0,
            float[] c,
            int cOff,
            int cs) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, bias, j0);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bias, j0 + L);
        FloatVector b2 = FloatVector.fromArray(SPECIES, bias, j0 + 2 * L);
        FloatVector b3 = FloatVector.fromArray(SPECIES, bias, j0 + 3 * L);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c03 = b3;
        FloatVector c10 = b0, c11 = b1, c12 = b2, c13 = b3;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c23 = b3;
        FloatVector c30 = b0, c31 = b1, c32 = b2, c33 = b3;
        int a1 = aOff + as;
        int a2 = a1 + as;
        int a3 = a2 + as;
        for (int i = 0, wo = wOff; i < k; i++, wo += PANEL_COLS) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wo);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wo + L);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wo + 2 * L);
            FloatVector w3 = FloatVector.fromArray(SPECIES, w, wo + 3 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[aOff + i]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            c02 = w2.fma(x, c02);
            c03 = w3.fma(x, c03);
            x = FloatVector.broadcast(SPECIES, a[a1 + i]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            c12 = w2.fma(x, c12);
            c13 = w3.fma(x, c13);
            x = FloatVector.broadcast(SPECIES, a[a2 + i]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            c22 = w2.fma(x, c22);
            c23 = w3.fma(x, c23);
            x = FloatVector.broadcast(SPECIES, a[a3 + i]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            c32 = w2.fma(x, c32);
            c33 = w3.fma(x, c33);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c03.intoArray(c, cOff + 3 * L);
        cOff += cs;
        c10.intoArray(c, cOff);
        c11.intoArray(c, cOff + L);
        c12.intoArray(c, cOff + 2 * L);
        c13.intoArray(c, cOff + 3 * L);
        cOff += cs;
        c20.intoArray(c, cOff);
        c21.intoArray(c, cOff + L);
        c22.intoArray(c, cOff + 2 * L);
        c23.intoArray(c, cOff + 3 * L);
        cOff += cs;
        c30.intoArray(c, cOff);
        c31.intoArray(c, cOff + L);
        c32.intoArray(c, cOff + 2 * L);
        c33.intoArray(c, cOff + 3 * L);
    }

    /**
     * One row × one full panel: 4 independent accumulators hide the FMA latency. Each column is summed in i
     * order from the bias, as {@link #block4x4} sums it.
     */
    private static void block1x4(
            float[] a, int aOff, int k, float[] w, int wOff, float[] bias, int j0, float[] c, int cOff) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, bias, j0);
        FloatVector c1 = FloatVector.fromArray(SPECIES, bias, j0 + L);
        FloatVector c2 = FloatVector.fromArray(SPECIES, bias, j0 + 2 * L);
        FloatVector c3 = FloatVector.fromArray(SPECIES, bias, j0 + 3 * L);
        for (int i = 0, wo = wOff; i < k; i++, wo += PANEL_COLS) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[aOff + i]);
            c0 = FloatVector.fromArray(SPECIES, w, wo).fma(x, c0);
            c1 = FloatVector.fromArray(SPECIES, w, wo + L).fma(x, c1);
            c2 = FloatVector.fromArray(SPECIES, w, wo + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(SPECIES, w, wo + 3 * L).fma(x, c3);
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + L);
        c2.intoArray(c, cOff + 2 * L);
        c3.intoArray(c, cOff + 3 * L);
    }

    /**
     * Rows r..r+3 × one vector of a narrow last panel (row stride {@code ws}); each row summed as
     * {@link #block1x1} sums it (even i from the bias, odd i from 0, then added), so that a row's bits do not
     * depend on the rows it shares a block with.
     */
    private static void block4x1(
            float[] a,
            int aOff,
            int as,
            int k,
            float[] w,
            int wOff,
            int ws,
            float[] bias,
            int j,
            float[] c,
            int cOff,
            int cs) {
        FloatVector b = FloatVector.fromArray(SPECIES, bias, j);
        FloatVector z = FloatVector.zero(SPECIES);
        FloatVector e0 = b, e1 = b, e2 = b, e3 = b;
        FloatVector o0 = z, o1 = z, o2 = z, o3 = z;
        int a1 = aOff + as;
        int a2 = a1 + as;
        int a3 = a2 + as;
        int i = 0;
        int wo = wOff;
        for (; i + 1 < k; i += 2, wo += 2 * ws) {
            FloatVector v = FloatVector.fromArray(SPECIES, w, wo);
            FloatVector u = FloatVector.fromArray(SPECIES, w, wo + ws);
            e0 = v.fma(FloatVector.broadcast(SPECIES, a[aOff + i]), e0);
            e1 = v.fma(FloatVector.broadcast(SPECIES, a[a1 + i]), e1);
            e2 = v.fma(FloatVector.broadcast(SPECIES, a[a2 + i]), e2);
            e3 = v.fma(FloatVector.broadcast(SPECIES, a[a3 + i]), e3);
            o0 = u.fma(FloatVector.broadcast(SPECIES, a[aOff + i + 1]), o0);
            o1 = u.fma(FloatVector.broadcast(SPECIES, a[a1 + i + 1]), o1);
            o2 = u.fma(FloatVector.broadcast(SPECIES, a[a2 + i + 1]), o2);
            o3 = u.fma(FloatVector.broadcast(SPECIES, a[a3 + i + 1]), o3);
        }
        if (i < k) {
            FloatVector v = FloatVector.fromArray(SPECIES, w, wo);
            e0 = v.fma(FloatVector.broadcast(SPECIES, a[aOff + i]), e0);
            e1 = v.fma(FloatVector.broadcast(SPECIES, a[a1 + i]), e1);
            e2 = v.fma(FloatVector.broadcast(SPECIES, a[a2 + i]), e2);
            e3 = v.fma(FloatVector.broadcast(SPECIES, a[a3 + i]), e3);
        }
        e0.add(o0).intoArray(c, cOff);
        e1.add(o1).intoArray(c, cOff + cs);
        e2.add(o2).intoArray(c, cOff + 2 * cs);
        e3.add(o3).intoArray(c, cOff + 3 * cs);
    }

    /**
     * One row × one vector of a narrow last panel; two accumulators over even and odd i, to hide the FMA
     * latency. {@link #block4x1} sums each of its rows in this order.
     */
    private static void block1x1(
            float[] a, int aOff, int k, float[] w, int wOff, int ws, float[] bias, int j, float[] c, int cOff) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, bias, j);
        FloatVector c1 = FloatVector.zero(SPECIES);
        int i = 0;
        int wo = wOff;
        for (; i + 1 < k; i += 2, wo += 2 * ws) {
            c0 = FloatVector.fromArray(SPECIES, w, wo).fma(FloatVector.broadcast(SPECIES, a[aOff + i]), c0);
            c1 = FloatVector.fromArray(SPECIES, w, wo + ws).fma(FloatVector.broadcast(SPECIES, a[aOff + i + 1]), c1);
        }
        if (i < k) {
            c0 = FloatVector.fromArray(SPECIES, w, wo).fma(FloatVector.broadcast(SPECIES, a[aOff + i]), c0);
        }
        c0.add(c1).intoArray(c, cOff);
    }
}
