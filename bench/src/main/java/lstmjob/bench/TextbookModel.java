package lstmjob.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lstmjob.model.Model;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.GruLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.LstmLayer;
import lstmjob.model.layers.SimpleRnnLayer;

/**
 * The baseline the speed-ups are quoted against: the model's recurrent and Dense layers, same shapes, stepped one
 * key at a time with textbook {@code float[]} loops over flat row-major weights, {@code Math.tanh} and
 * {@code 1 / (1 + Math.exp(-x))}. Its weights are random: the cost does not depend on their values. Layers
 * without weights (masking, normalisation, activations) are left out, as they cost next to nothing.
 */
final class TextbookModel {

    private interface Step {
        /** Reads {@code x}, updates its own state, returns its output (a buffer it owns). */
        float[] step(float[] x);
    }

    private final List<Step> steps = new ArrayList<>();

    TextbookModel(Model model, long seed) {
        Random rnd = new Random(seed);
        for (Layer l : model.layers()) {
            int in = l.inputSize();
            int n = l.outputSize();
            if (l instanceof LstmLayer) {
                steps.add(new Lstm(in, n, rnd));
            } else if (l instanceof GruLayer) {
                steps.add(new Gru(in, n, ((GruLayer) l).resetAfter(), rnd));
            } else if (l instanceof SimpleRnnLayer) {
                steps.add(new SimpleRnn(in, n, rnd));
            } else if (l instanceof DenseLayer) {
                steps.add(new Dense(in, n, rnd));
            }
        }
    }

    /** One timestep of one key; returns the last layer's output. */
    float[] step(float[] x) {
        float[] v = x;
        for (Step s : steps) {
            v = s.step(v);
        }
        return v;
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    private static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    /** z[j] = b[j] + Σ_i x[i]·w[i·n + j]: the textbook loop over a flat matrix. */
    private static void affine(float[] x, int k, float[] w, float[] b, float[] z, int n) {
        System.arraycopy(b, 0, z, 0, n);
        for (int i = 0; i < k; i++) {
            float xi = x[i];
            for (int j = 0; j < n; j++) {
                z[j] += xi * w[i * n + j];
            }
        }
    }

    private static void accumulate(float[] x, int k, float[] w, float[] z, int n) {
        for (int i = 0; i < k; i++) {
            float xi = x[i];
            for (int j = 0; j < n; j++) {
                z[j] += xi * w[i * n + j];
            }
        }
    }

    private static final class Lstm implements Step {
        final int in;
        final int h;
        final float[] w;
        final float[] u;
        final float[] b;
        final float[] z;
        final float[] hs;
        final float[] cs;

        Lstm(int in, int h, Random rnd) {
            this.in = in;
            this.h = h;
            w = random(rnd, in * 4 * h, 1 / Math.sqrt(in));
            u = random(rnd, h * 4 * h, 1 / Math.sqrt(h));
            b = random(rnd, 4 * h, 0.1);
            z = new float[4 * h];
            hs = new float[h];
            cs = new float[h];
        }

        @Override
        public float[] step(float[] x) {
            affine(x, in, w, b, z, 4 * h);
            accumulate(hs, h, u, z, 4 * h);
            for (int j = 0; j < h; j++) {
                float i = sigmoid(z[j]);
                float f = sigmoid(z[h + j]);
                float g = tanh(z[2 * h + j]);
                float o = sigmoid(z[3 * h + j]);
                cs[j] = f * cs[j] + i * g;
                hs[j] = o * tanh(cs[j]);
            }
            return hs;
        }
    }

    private static final class Gru implements Step {
        final int in;
        final int h;
        final boolean resetAfter;
        final float[] w;
        final float[] u;
        final float[] bx;
        final float[] bh;
        final float[] zx;
        final float[] zh;
        final float[] r;
        final float[] hs;

        Gru(int in, int h, boolean resetAfter, Random rnd) {
            this.in = in;
            this.h = h;
            this.resetAfter = resetAfter;
            w = random(rnd, in * 3 * h, 1 / Math.sqrt(in));
            u = random(rnd, h * 3 * h, 1 / Math.sqrt(h));
            bx = random(rnd, 3 * h, 0.1);
            bh = random(rnd, 3 * h, 0.1);
            zx = new float[3 * h];
            zh = new float[3 * h];
            r = new float[h];
            hs = new float[h];
        }

        @Override
        public float[] step(float[] x) {
            int n = 3 * h;
            affine(x, in, w, bx, zx, n);
            if (resetAfter) {
                affine(hs, h, u, bh, zh, n);
            } else {
                // z and r from h·U; the candidate from (r·h)·U_h
                java.util.Arrays.fill(zh, 0f);
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < 2 * h; j++) {
                        zh[j] += hs[i] * u[i * n + j];
                    }
                }
            }
            for (int j = 0; j < h; j++) {
                r[j] = sigmoid(zx[h + j] + zh[h + j]);
            }
            if (!resetAfter) {
                for (int i = 0; i < h; i++) {
                    float rhi = r[i] * hs[i];
                    for (int j = 0; j < h; j++) {
                        zh[2 * h + j] += rhi * u[i * n + 2 * h + j];
                    }
                }
            }
            for (int j = 0; j < h; j++) {
                float zg = sigmoid(zx[j] + zh[j]);
                float cand =
                        resetAfter ? tanh(zx[2 * h + j] + r[j] * zh[2 * h + j]) : tanh(zx[2 * h + j] + zh[2 * h + j]);
                hs[j] = zg * hs[j] + (1 - zg) * cand;
            }
            return hs;
        }
    }

    private static final class SimpleRnn implements Step {
        final int in;
        final int h;
        final float[] w;
        final float[] u;
        final float[] b;
        final float[] z;
        final float[] hs;

        SimpleRnn(int in, int h, Random rnd) {
            this.in = in;
            this.h = h;
            w = random(rnd, in * h, 1 / Math.sqrt(in));
            u = random(rnd, h * h, 1 / Math.sqrt(h));
            b = random(rnd, h, 0.1);
            z = new float[h];
            hs = new float[h];
        }

        @Override
        public float[] step(float[] x) {
            affine(x, in, w, b, z, h);
            accumulate(hs, h, u, z, h);
            for (int j = 0; j < h; j++) {
                hs[j] = tanh(z[j]);
            }
            return hs;
        }
    }

    private static final class Dense implements Step {
        final int in;
        final int n;
        final float[] w;
        final float[] b;
        final float[] y;

        Dense(int in, int n, Random rnd) {
            this.in = in;
            this.n = n;
            w = random(rnd, in * n, 1 / Math.sqrt(in));
            b = random(rnd, n, 0.1);
            y = new float[n];
        }

        @Override
        public float[] step(float[] x) {
            affine(x, in, w, b, y, n);
            return y;
        }
    }
}
