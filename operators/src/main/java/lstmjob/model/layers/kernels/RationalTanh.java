package lstmjob.model.layers.kernels;

/**
 * tanh and sigmoid without {@code Math.tanh} (≈ 40 ns a call): the [13/6] rational approximation Eigen uses
 * for float32 (and so TensorFlow's own float32 tanh), clamped to ±{@value #CLAMP} where tanh rounds to ±1 in
 * float32. Within 3e-7 of the exact tanh everywhere; sigmoid(x) = (1 + tanh(x / 2)) / 2 within 2e-7. The
 * vector kernel evaluates the same polynomials with the same constants.
 */
public final class RationalTanh {

    static final float CLAMP = 7.90531110763549805f;
    static final float P13 = -2.76076847742355e-16f;
    static final float P11 = 2.00018790482477e-13f;
    static final float P9 = -8.60467152213735e-11f;
    static final float P7 = 5.12229709037114e-08f;
    static final float P5 = 1.48572235717979e-05f;
    static final float P3 = 6.37261928875436e-04f;
    static final float P1 = 4.89352455891786e-03f;
    static final float Q6 = 1.19825839466702e-06f;
    static final float Q4 = 1.18534705686654e-04f;
    static final float Q2 = 2.26843463243900e-03f;
    static final float Q0 = 4.89352518554385e-03f;

    private RationalTanh() {}

    public static float tanh(float value) {
        float x = Math.min(CLAMP, Math.max(-CLAMP, value));
        float x2 = x * x;
        float p = Math.fma(P13, x2, P11);
        p = Math.fma(p, x2, P9);
        p = Math.fma(p, x2, P7);
        p = Math.fma(p, x2, P5);
        p = Math.fma(p, x2, P3);
        p = Math.fma(p, x2, P1);
        float q = Math.fma(Q6, x2, Q4);
        q = Math.fma(q, x2, Q2);
        q = Math.fma(q, x2, Q0);
        return x * p / q;
    }

    public static float sigmoid(float x) {
        return Math.fma(0.5f, tanh(0.5f * x), 0.5f);
    }
}
