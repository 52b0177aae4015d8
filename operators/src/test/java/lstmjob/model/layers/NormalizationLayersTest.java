package lstmjob.model.layers;

import static lstmjob.model.layers.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalizationLayersTest {

    private static final float[][] X = {{0.5f, -1.25f, 2f}, {3f, 3f, -0.75f}};
    private static final float[] GAMMA = {1.5f, -0.5f, 2f};
    private static final float[] BETA = {0.1f, 0.2f, -0.3f};

    @Test
    void batchNormalizationUsesTheMovingStatistics() {
        float[] mean = {0.2f, -0.4f, 1f};
        float[] var = {0.5f, 2f, 0.01f};
        double eps = 1e-3;
        BatchNormalizationLayer bn =
                new BatchNormalizationLayer("bn", "BatchNormalization", 3, GAMMA, BETA, mean, var, eps);
        float[][] y = new Harness(bn, 2).step(X, new float[0][][], null);
        for (int r = 0; r < 2; r++) {
            double[] want = new double[3];
            for (int j = 0; j < 3; j++) {
                want[j] = (X[r][j] - mean[j]) / Math.sqrt(var[j] + eps) * GAMMA[j] + BETA[j];
            }
            assertClose(want, y[r], "row " + r);
        }
        assertEquals(12, bn.parameterCount());
    }

    @Test
    void batchNormalizationWithoutScaleOrCenter() {
        float[] mean = {1f, 0f, -1f};
        float[] var = {4f, 1f, 0.25f};
        BatchNormalizationLayer bn =
                new BatchNormalizationLayer("bn", "BatchNormalization", 3, null, null, mean, var, 0.01);
        float[][] y = new Harness(bn, 2).step(X, new float[0][][], null);
        for (int r = 0; r < 2; r++) {
            double[] want = new double[3];
            for (int j = 0; j < 3; j++) {
                want[j] = (X[r][j] - mean[j]) / Math.sqrt(var[j] + 0.01);
            }
            assertClose(want, y[r], "row " + r);
        }
        assertEquals(6, bn.parameterCount());
    }

    private static double[] layerNorm(float[] x, double eps, boolean center, float[] gamma, float[] beta) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            y[j] = (x[j] - (center ? mean : 0)) / Math.sqrt(var + eps) * (gamma == null ? 1 : gamma[j])
                    + (beta == null ? 0 : beta[j]);
        }
        return y;
    }

    @Test
    void layerNormalizationNormalizesEachRow() {
        LayerNormalizationLayer ln =
                new LayerNormalizationLayer("ln", "LayerNormalization", 3, GAMMA, BETA, 1e-3, false);
        float[][] y = new Harness(ln, 2).step(X, new float[0][][], null);
        for (int r = 0; r < 2; r++) {
            assertClose(layerNorm(X[r], 1e-3, true, GAMMA, BETA), y[r], "row " + r);
        }
        assertEquals(6, ln.parameterCount());
    }

    @Test
    void layerNormalizationWithoutScaleOrCenter() {
        LayerNormalizationLayer ln =
                new LayerNormalizationLayer("ln", "LayerNormalization", 3, null, null, 1e-5, false);
        float[][] y = new Harness(ln, 2).step(X, new float[0][][], null);
        for (int r = 0; r < 2; r++) {
            assertClose(layerNorm(X[r], 1e-5, true, null, null), y[r], "row " + r);
        }
    }

    /** Keras 3 rms_scaling: x · rsqrt(var(x) + ε) · γ, with the variance about the mean, x not centred, no β. */
    @Test
    void layerNormalizationWithRmsScalingFollowsKeras3() {
        LayerNormalizationLayer ln =
                new LayerNormalizationLayer("ln", "LayerNormalization", 3, GAMMA, null, 1e-3, true);
        float[][] y = new Harness(ln, 2).step(X, new float[0][][], null);
        for (int r = 0; r < 2; r++) {
            assertClose(layerNorm(X[r], 1e-3, false, GAMMA, null), y[r], "row " + r);
        }
        assertEquals(3, ln.parameterCount());
    }
}
