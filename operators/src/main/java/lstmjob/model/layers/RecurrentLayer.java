package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * What the recurrent layers share around their cell: the state vectors a key carries, and the tail of every
 * step (Keras's mask rule, the output, dropping the mask after a layer that returns only its last output). A
 * subclass computes its cell in {@link #advance}.
 */
public abstract class RecurrentLayer extends Layer {

    private final int stateVectors;
    private final boolean returnSequences;

    protected RecurrentLayer(
            String name,
            String type,
            int inputSize,
            int units,
            long parameterCount,
            int stateVectors,
            boolean returnSequences) {
        super(name, type, inputSize, units, parameterCount);
        this.stateVectors = stateVectors;
        this.returnSequences = returnSequences;
    }

    @Override
    public final int stateVectors() {
        return stateVectors;
    }

    public final boolean returnSequences() {
        return returnSequences;
    }

    /** The candidate state vectors, for masked steps, and the cell's own buffers. */
    private record Scratch(FMatrixRMaj[] next, Object cell) {}

    @Override
    public final Object newScratch(int maxRows) {
        FMatrixRMaj[] next = new FMatrixRMaj[stateVectors];
        for (int v = 0; v < stateVectors; v++) {
            next[v] = new FMatrixRMaj(maxRows, outputSize());
        }
        return new Scratch(next, newCellScratch(maxRows));
    }

    /** The cell's buffers for up to {@code maxRows} rows on one thread. */
    protected abstract Object newCellScratch(int maxRows);

    /**
     * The cell, one timestep for {@code in.numRows} rows: writes the new state vectors (h first) of every row into
     * {@code next}, reading the current ones from {@code state}. {@code next} may be {@code state} itself, so each
     * element of the state must be read before the same element of {@code next} is written.
     */
    protected abstract void advance(FMatrixRMaj in, FMatrixRMaj[] state, FMatrixRMaj[] next, Object cellScratch);

    @Override
    public final void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        Scratch s = (Scratch) scratch;
        int rows = in.numRows;
        int n = outputSize();
        if (!mask.any()) {
            // The common case: every row takes its new state, written in place.
            advance(in, state, state, s.cell());
            System.arraycopy(state[0].data, 0, out.data, 0, rows * n);
        } else {
            advance(in, state, s.next(), s.cell());
            commit(rows, state, s.next(), out, mask);
        }
        if (!returnSequences) {
            // Keras drops the mask after a layer that returns only its last output.
            mask.clear();
        }
    }

    /** Keras's mask rule: a masked row keeps its old state and outputs its current h; the others take the new. */
    private static void commit(int rows, FMatrixRMaj[] state, FMatrixRMaj[] next, FMatrixRMaj out, Mask mask) {
        int n = out.numCols;
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            if (!mask.isMasked(r)) {
                for (int v = 0; v < state.length; v++) {
                    System.arraycopy(next[v].data, base, state[v].data, base, n);
                }
            }
            System.arraycopy(state[0].data, base, out.data, base, n);
        }
    }

    /** W (k1 × n) above U (k2 × n), both row-major: the (k1 + k2) × n matrix that [x | h] multiplies. */
    protected static float[] stack(float[] w, float[] u) {
        float[] both = new float[w.length + u.length];
        System.arraycopy(w, 0, both, 0, w.length);
        System.arraycopy(u, 0, both, w.length, u.length);
        return both;
    }

    /** Row r of {@code xh} = [x row r | h row r], for {@code rows} rows. */
    protected static void concat(int rows, float[] x, int xCols, float[] h, int hCols, float[] xh) {
        int k = xCols + hCols;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * xCols, xh, r * k, xCols);
            System.arraycopy(h, r * hCols, xh, r * k + xCols, hCols);
        }
    }

    /** Parameters of kernel, recurrent kernel and bias (null for none). */
    protected static long parameters(float[] kernel, float[] recurrentKernel, float[] bias) {
        return (long) kernel.length + recurrentKernel.length + (bias == null ? 0 : bias.length);
    }
}
