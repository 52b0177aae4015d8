package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** Bookkeeping shared by the recurrent layers: stacked weights, [x | h] rows, masked rows, the mask after the layer. */
final class Recurrent {

    private Recurrent() {
    }

    /** W (k1 × n) above U (k2 × n), both row-major: the (k1 + k2) × n matrix that [x | h] multiplies. */
    static float[] stack(float[] w, float[] u) {
        float[] both = new float[w.length + u.length];
        System.arraycopy(w, 0, both, 0, w.length);
        System.arraycopy(u, 0, both, w.length, u.length);
        return both;
    }

    /** Row r of {@code xh} = [x row r | h row r], for {@code rows} rows. */
    static void concat(int rows, float[] x, int xCols, float[] h, int hCols, float[] xh) {
        int k = xCols + hCols;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * xCols, xh, r * k, xCols);
            System.arraycopy(h, r * hCols, xh, r * k + xCols, hCols);
        }
    }

    /**
     * Keras's mask rule at the end of a recurrent step: a masked row keeps its old state and outputs its
     * current h; an unmasked row takes the new state. {@code newState[v]} holds the candidate state vectors
     * (h first) for all rows; the output is h.
     */
    static void commit(FMatrixRMaj[] state, FMatrixRMaj[] newState, FMatrixRMaj out, Mask mask) {
        int rows = out.numRows;
        int n = out.numCols;
        if (!mask.any()) {
            // The common case: every row takes its new state, in one copy per vector.
            int all = rows * n;
            for (int v = 0; v < state.length; v++) {
                System.arraycopy(newState[v].data, 0, state[v].data, 0, all);
            }
            System.arraycopy(newState[0].data, 0, out.data, 0, all);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            if (mask.isMasked(r)) {
                System.arraycopy(state[0].data, base, out.data, base, n);
                continue;
            }
            for (int v = 0; v < state.length; v++) {
                System.arraycopy(newState[v].data, base, state[v].data, base, n);
            }
            System.arraycopy(newState[0].data, base, out.data, base, n);
        }
    }

    /** A layer returning only its last output drops the mask, as Keras does; one returning sequences passes it on. */
    static void afterStep(Mask mask, boolean returnSequences) {
        if (!returnSequences) {
            mask.clear();
        }
    }
}
