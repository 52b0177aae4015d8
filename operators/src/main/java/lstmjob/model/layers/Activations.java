package lstmjob.model.layers;

import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.RationalTanh;

/**
 * Every activation function the job computes, with the definitions of each Keras generation where they differ
 * (reading a config's activation by name is the loader's job). All of them live here so that faster versions
 * (e.g. of tanh) can replace them in one place.
 * The two on every recurrent step, tanh and sigmoid, are fast rational approximations within 3e-7 of the exact
 * functions; the others are computed in double and rounded to float32, which is within the contract's
 * tolerance of Keras's float32 kernels.
 */
public final class Activations {

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);

    public static final Activation LINEAR = (v, from, to) -> {};

    /** Fast tanh (see {@link #tanh(float[], int, int)}): it runs on every recurrent step. */
    public static final Activation TANH = Activations::tanh;

    /** Fast sigmoid (see {@link #sigmoid(float[], int, int)}): it runs on every recurrent step. */
    public static final Activation SIGMOID = Activations::sigmoid;

    /** Keras 2, tf.keras and TF.js: clip(0.2·x + 0.5, 0, 1), in float32 as they compute it. */
    public static final Activation HARD_SIGMOID_KERAS2 = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            v[i] = Math.min(1f, Math.max(0f, 0.2f * v[i] + 0.5f));
        }
    };

    /** Keras 3: relu6(x + 3) / 6. */
    public static final Activation HARD_SIGMOID_KERAS3 = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            v[i] = Math.min(6f, Math.max(0f, v[i] + 3f)) / 6f;
        }
    };

    /** Keras 3 hard_silu (a.k.a. hard_swish): x · relu6(x + 3) / 6. */
    public static final Activation HARD_SILU = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            v[i] = v[i] * (Math.min(6f, Math.max(0f, v[i] + 3f)) / 6f);
        }
    };

    public static final Activation RELU = relu(Double.NaN, 0, 0);

    public static final Activation RELU6 = relu(6, 0, 0);

    public static final Activation SOFTPLUS = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            v[i] = (float) softplus(v[i]);
        }
    };

    public static final Activation SOFTSIGN = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            v[i] = v[i] / (1f + Math.abs(v[i]));
        }
    };

    public static final Activation SELU = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            double x = v[i];
            v[i] = (float) (SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)));
        }
    };

    public static final Activation SILU = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            double x = v[i];
            v[i] = (float) (x / (1.0 + Math.exp(-x)));
        }
    };

    public static final Activation GELU_EXACT = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            double x = v[i];
            v[i] = (float) (0.5 * x * (1.0 + erf(x * SQRT_HALF)));
        }
    };

    public static final Activation GELU_TANH = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            double x = v[i];
            v[i] = (float) (0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))));
        }
    };

    public static final Activation EXPONENTIAL = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            v[i] = (float) Math.exp(v[i]);
        }
    };

    public static final Activation MISH = (v, from, to) -> {
        for (int i = from; i < to; i++) {
            double x = v[i];
            v[i] = (float) (x * Math.tanh(softplus(x)));
        }
    };

    /** Softmax over the whole range, shifted by its maximum so that exp cannot overflow. */
    public static final Activation SOFTMAX = (v, from, to) -> {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            double e = Math.exp(v[i] - max);
            v[i] = (float) e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = from; i < to; i++) {
            v[i] *= inv;
        }
    };

    public static final Activation LOG_SOFTMAX = (v, from, to) -> {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.exp(v[i] - max);
        }
        double shift = max + Math.log(sum);
        for (int i = from; i < to; i++) {
            v[i] = (float) (v[i] - shift);
        }
    };

    private Activations() {}

    /**
     * tanh in place, as the rational approximation {@link RationalTanh}: within 3e-7 of the exact tanh, about
     * 0.5 ns per value where C2 vectorises the loop, against ≈ 40 ns for {@code Math.tanh}.
     */
    public static void tanh(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] = RationalTanh.tanh(v[i]);
        }
    }

    /** sigmoid in place, as {@link RationalTanh#sigmoid}: within 2e-7 of the exact sigmoid. */
    public static void sigmoid(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] = RationalTanh.sigmoid(v[i]);
        }
    }

    /**
     * The activation as the layers run it with {@code kernel}: its vectorised tanh and sigmoid in place of
     * {@link #TANH} and {@link #SIGMOID}, any other activation as it is.
     */
    public static Activation on(MatrixKernel kernel, Activation a) {
        if (a == TANH) {
            return kernel::tanh;
        }
        if (a == SIGMOID) {
            return kernel::sigmoid;
        }
        return a;
    }

    /**
     * Keras's relu with its options, as Keras 2 and 3 both compute it: the part above {@code threshold}
     * (clipped to {@code maxValue} when that is not NaN) minus {@code negativeSlope · relu(threshold − x)}.
     */
    public static Activation relu(double maxValue, double negativeSlope, double threshold) {
        final float max = (float) maxValue;
        final boolean clip = !Double.isNaN(maxValue);
        final float slope = (float) negativeSlope;
        final float thr = (float) threshold;
        return (v, from, to) -> {
            for (int i = from; i < to; i++) {
                float x = v[i];
                float y = thr != 0f ? (x > thr ? x : 0f) : Math.max(x, 0f);
                if (clip) {
                    y = Math.min(Math.max(y, 0f), max);
                }
                if (slope != 0f) {
                    y -= slope * Math.max(thr - x, 0f);
                }
                v[i] = y;
            }
        };
    }

    public static Activation leakyRelu(double negativeSlope) {
        return relu(Double.NaN, negativeSlope, 0);
    }

    public static Activation elu(double alpha) {
        return (v, from, to) -> {
            for (int i = from; i < to; i++) {
                double x = v[i];
                v[i] = (float) (x > 0 ? x : alpha * Math.expm1(x));
            }
        };
    }

    private static double softplus(double x) {
        // log(1 + e^x) without overflow for large x
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /**
     * The error function; the JDK has none. Chebyshev fit of erfc from Numerical Recipes (§6.2), fractional
     * error below 1.2e-7 everywhere, i.e. float32 precision.
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        // Horner's rule, innermost first: the same operations in the same order as the nested form
        double p = -0.82215223 + t * 0.17087277;
        p = 1.48851587 + t * p;
        p = -1.13520398 + t * p;
        p = 0.27886807 + t * p;
        p = -0.18628806 + t * p;
        p = 0.09678418 + t * p;
        p = 0.37409196 + t * p;
        p = 1.00002368 + t * p;
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * p);
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }
}
