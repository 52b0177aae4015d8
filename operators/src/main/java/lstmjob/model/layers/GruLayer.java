package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Keras GRU, one timestep, gates z, r, h in Keras order; h' = z·h + (1 − z)·hh.
 * <ul>
 * <li>reset_after = true (bias (2, 3·units): input bias, recurrent bias): r multiplies (h·U_h + b_rh),
 * hh = act(x·W_h + b_xh + r·(h·U_h + b_rh)).</li>
 * <li>reset_after = false (bias (3·units)): hh = act(x·W_h + b_h + (r·h)·U_h).</li>
 * </ul>
 */
public final class GruLayer implements Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int units;
    private final boolean resetAfter;
    private final FMatrixRMaj kernel;
    /** reset_after: all of U (units, 3·units); otherwise U_z|U_r (units, 2·units). */
    private final FMatrixRMaj recurrentKernel;
    /** reset_after = false only: U_h (units, units), applied to r·h. */
    private final FMatrixRMaj recurrentCandidate;
    private final float[] inputBias;
    private final float[] recurrentBias;
    private final Activation activation;
    private final Activation recurrentActivation;
    private final boolean returnSequences;
    private final long parameterCount;

    /**
     * @param kernel          (inputSize, 3·units) row-major
     * @param recurrentKernel (units, 3·units) row-major
     * @param bias            (2, 3·units) row-major when {@code resetAfter}, else (3·units); null without bias
     */
    public GruLayer(String name, String type, int inputSize, int units, boolean resetAfter, float[] kernel,
                    float[] recurrentKernel, float[] bias, Activation activation, Activation recurrentActivation,
                    boolean returnSequences) {
        this.name = name;
        this.type = type;
        this.inputSize = inputSize;
        this.units = units;
        this.resetAfter = resetAfter;
        int h3 = 3 * units;
        this.kernel = Recurrent.matrix(inputSize, h3, kernel);
        if (resetAfter) {
            this.recurrentKernel = Recurrent.matrix(units, h3, recurrentKernel);
            this.recurrentCandidate = null;
        } else {
            // Split U column-wise: z and r gates are multiplied by h, the candidate block by r·h.
            this.recurrentKernel = new FMatrixRMaj(units, 2 * units);
            this.recurrentCandidate = new FMatrixRMaj(units, units);
            for (int i = 0; i < units; i++) {
                System.arraycopy(recurrentKernel, i * h3, this.recurrentKernel.data, i * 2 * units, 2 * units);
                System.arraycopy(recurrentKernel, i * h3 + 2 * units, this.recurrentCandidate.data, i * units, units);
            }
        }
        if (bias == null) {
            this.inputBias = null;
            this.recurrentBias = null;
        } else if (resetAfter) {
            this.inputBias = java.util.Arrays.copyOfRange(bias, 0, h3);
            this.recurrentBias = java.util.Arrays.copyOfRange(bias, h3, 2 * h3);
        } else {
            this.inputBias = bias.clone();
            this.recurrentBias = null;
        }
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.returnSequences = returnSequences;
        this.parameterCount = (long) kernel.length + recurrentKernel.length + (bias == null ? 0 : bias.length);
    }

    private static final class Scratch {
        final FMatrixRMaj x;
        final FMatrixRMaj h;
        final FMatrixRMaj rh;
        final FMatrixRMaj[] next;

        Scratch(int rows, int units, boolean resetAfter) {
            x = new FMatrixRMaj(rows, 3 * units);
            h = new FMatrixRMaj(rows, (resetAfter ? 3 : 2) * units);
            rh = resetAfter ? null : new FMatrixRMaj(rows, units);
            next = new FMatrixRMaj[] {new FMatrixRMaj(rows, units)};
        }
    }

    @Override
    public Object newScratch(int maxRows) {
        return new Scratch(maxRows, units, resetAfter);
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        Scratch s = (Scratch) scratch;
        int rows = in.numRows;
        int h3 = 3 * units;
        int h2 = 2 * units;
        FMatrixRMaj xz = s.x;
        FMatrixRMaj hz = s.h;
        FMatrixRMaj h = state[0];
        xz.reshape(rows, h3, false);
        hz.reshape(rows, resetAfter ? h3 : h2, false);
        CommonOps_FDRM.mult(in, kernel, xz);
        Recurrent.addBias(xz, inputBias);
        CommonOps_FDRM.mult(h, recurrentKernel, hz);
        Recurrent.addBias(hz, recurrentBias);
        float[] x = xz.data;
        float[] hd = hz.data;
        int hzCols = hz.numCols;
        for (int r = 0; r < rows; r++) {
            int gx = r * h3;
            int gh = r * hzCols;
            for (int j = 0; j < h2; j++) {
                x[gx + j] += hd[gh + j];
            }
            recurrentActivation.apply(x, gx, gx + h2); // z, r
            if (resetAfter) {
                for (int j = 0; j < units; j++) {
                    x[gx + h2 + j] += x[gx + units + j] * hd[gh + h2 + j];
                }
            }
        }
        if (!resetAfter) {
            FMatrixRMaj rh = s.rh;
            rh.reshape(rows, units, false);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < units; j++) {
                    rh.data[r * units + j] = x[r * h3 + units + j] * h.data[r * units + j];
                }
            }
            // (r·h)·U_h into hz's first columns, then added to the candidate block
            hz.reshape(rows, units, false);
            CommonOps_FDRM.mult(rh, recurrentCandidate, hz);
            hd = hz.data;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < units; j++) {
                    x[r * h3 + h2 + j] += hd[r * units + j];
                }
            }
        }
        FMatrixRMaj hNext = s.next[0];
        hNext.reshape(rows, units, false);
        for (int r = 0; r < rows; r++) {
            int gx = r * h3;
            int o = r * units;
            activation.apply(x, gx + h2, gx + h3);
            for (int j = 0; j < units; j++) {
                float zg = x[gx + j];
                hNext.data[o + j] = zg * h.data[o + j] + (1f - zg) * x[gx + h2 + j];
            }
        }
        Recurrent.commit(state, s.next, out, mask);
        Recurrent.afterStep(mask, returnSequences);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public long parameterCount() {
        return parameterCount;
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    public boolean resetAfter() {
        return resetAfter;
    }

    public boolean returnSequences() {
        return returnSequences;
    }
}
