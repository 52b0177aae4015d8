package lstmjob.model.layers;

import java.util.Arrays;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/**
 * Keras GRU, one timestep, gates z, r, h in Keras order; h' = z·h + (1 − z)·hh.
 * <ul>
 * <li>reset_after = true (bias (2, 3·units): input bias, recurrent bias): r multiplies (h·U_h + b_rh),
 * hh = act(x·W_h + b_xh + r·(h·U_h + b_rh)).</li>
 * <li>reset_after = false (bias (3·units)): hh = act(x·W_h + b_h + (r·h)·U_h).</li>
 * </ul>
 * The products run through the given kernel, and with reset_after, tanh and sigmoid the cell too when the
 * kernel has it in one pass.
 */
public final class GruLayer extends RecurrentLayer {

    private final int units;
    private final boolean resetAfter;
    private final MatrixKernel kernel;
    /** x·W + input bias (3·units columns). */
    private final PackedWeights inputWeights;
    /** reset_after: h·U + recurrent bias (3·units); otherwise h·[U_z | U_r] (2·units), no bias. */
    private final PackedWeights recurrentWeights;
    /** reset_after = false only: U_h (units, units), applied to r·h. */
    private final PackedWeights candidateWeights;

    private final Activation activation;
    private final Activation recurrentActivation;
    /** reset_after with tanh and sigmoid (the Keras default): the kernel's one-pass cell, when it has one. */
    private final boolean fusedCell;

    /**
     * @param kernel          (inputSize, 3·units) row-major
     * @param recurrentKernel (units, 3·units) row-major
     * @param bias            (2, 3·units) row-major when {@code resetAfter}, else (3·units); null without bias
     * @param matrixKernel    the kernel that computes the products
     */
    public GruLayer(
            String name,
            String type,
            int inputSize,
            int units,
            boolean resetAfter,
            float[] kernel,
            float[] recurrentKernel,
            float[] bias,
            Activation activation,
            Activation recurrentActivation,
            boolean returnSequences,
            MatrixKernel matrixKernel) {
        super(name, type, inputSize, units, parameters(kernel, recurrentKernel, bias), 1, returnSequences);
        this.units = units;
        this.resetAfter = resetAfter;
        this.kernel = matrixKernel;
        int h3 = 3 * units;
        float[] inputBias = bias == null ? null : Arrays.copyOfRange(bias, 0, h3);
        this.inputWeights = this.kernel.pack(kernel, inputSize, h3, inputBias);
        if (resetAfter) {
            float[] recurrentBias = bias == null ? null : Arrays.copyOfRange(bias, h3, 2 * h3);
            this.recurrentWeights = this.kernel.pack(recurrentKernel, units, h3, recurrentBias);
            this.candidateWeights = null;
        } else {
            // Split U column-wise: z and r gates are multiplied by h, the candidate block by r·h.
            float[] zr = new float[units * 2 * units];
            float[] hh = new float[units * units];
            for (int i = 0; i < units; i++) {
                System.arraycopy(recurrentKernel, i * h3, zr, i * 2 * units, 2 * units);
                System.arraycopy(recurrentKernel, i * h3 + 2 * units, hh, i * units, units);
            }
            this.recurrentWeights = this.kernel.pack(zr, units, 2 * units, null);
            this.candidateWeights = this.kernel.pack(hh, units, units, null);
        }
        this.fusedCell = resetAfter
                && matrixKernel.hasGruCell(units)
                && activation == Activations.TANH
                && recurrentActivation == Activations.SIGMOID;
        this.activation = Activations.on(this.kernel, activation);
        this.recurrentActivation = Activations.on(this.kernel, recurrentActivation);
    }

    private static final class Scratch {
        /** x·W + b_x per row, {@code xs} floats apart. */
        final float[] x;

        final int xs;
        /** h·U (+ b_h) per row, {@code hs} floats apart. */
        final float[] h;

        final int hs;
        /** reset_after = false: r·h per row (units floats apart), then (r·h)·U_h ({@code cs} apart). */
        final float[] rh;

        final float[] hc;
        final int cs;
        final float[] rowBuffer;

        Scratch(int rows, int units, int xs, int hs, int cs) {
            this.xs = xs;
            this.hs = hs;
            this.cs = cs;
            x = new float[rows * xs];
            h = new float[rows * hs];
            rh = cs == 0 ? null : new float[rows * units];
            hc = cs == 0 ? null : new float[rows * cs];
            rowBuffer = new float[Math.max(xs, Math.max(hs, cs))];
        }
    }

    @Override
    protected Object newCellScratch(int maxRows) {
        return new Scratch(
                maxRows,
                units,
                inputWeights.paddedCols(),
                recurrentWeights.paddedCols(),
                resetAfter ? 0 : candidateWeights.paddedCols());
    }

    @Override
    protected void advance(FMatrixRMaj in, FMatrixRMaj[] state, FMatrixRMaj[] next, Object cellScratch) {
        Scratch s = (Scratch) cellScratch;
        int rows = in.numRows;
        float[] h = state[0].data;
        kernel.affine(rows, in.data, 0, inputSize(), inputWeights, s.x, 0, s.xs, s.rowBuffer);
        kernel.affine(rows, h, 0, units, recurrentWeights, s.h, 0, s.hs, s.rowBuffer);
        if (fusedCell) {
            kernel.gruCell(rows, units, s.x, s.xs, s.h, s.hs, h, next[0].data);
        } else {
            cellInPasses(rows, s, h, next[0].data);
        }
    }

    /** The cell for any activations and either reset rule: each activation over its gate block, then h'. */
    private void cellInPasses(int rows, Scratch s, float[] h, float[] hn) {
        int n = units;
        int h2 = 2 * n;
        int xs = s.xs;
        int hs = s.hs;
        float[] x = s.x;
        float[] hd = s.h;
        for (int r = 0; r < rows; r++) {
            int gx = r * xs;
            int gh = r * hs;
            for (int j = 0; j < h2; j++) {
                x[gx + j] += hd[gh + j];
            }
            recurrentActivation.apply(x, gx, gx + h2); // z, r
            if (resetAfter) {
                for (int j = 0; j < n; j++) {
                    x[gx + h2 + j] += x[gx + n + j] * hd[gh + h2 + j];
                }
            }
        }
        if (!resetAfter) {
            float[] rh = s.rh;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    rh[r * n + j] = x[r * xs + n + j] * h[r * n + j];
                }
            }
            float[] hc = s.hc;
            int cs = s.cs;
            kernel.affine(rows, rh, 0, n, candidateWeights, hc, 0, cs, s.rowBuffer);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    x[r * xs + h2 + j] += hc[r * cs + j];
                }
            }
        }
        // hn may be h: each h[o + j] is read before hn[o + j] is written
        for (int r = 0; r < rows; r++) {
            int gx = r * xs;
            int o = r * n;
            activation.apply(x, gx + h2, gx + 3 * n);
            for (int j = 0; j < n; j++) {
                float zg = x[gx + j];
                hn[o + j] = zg * h[o + j] + (1f - zg) * x[gx + h2 + j];
            }
        }
    }

    public boolean resetAfter() {
        return resetAfter;
    }
}
