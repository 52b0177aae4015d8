package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** Bookkeeping shared by the recurrent layers: bias rows, masked rows, and the mask after the layer. */
final class Recurrent {

    private Recurrent() {
    }

    /** Adds {@code bias} (length = z.numCols) to every row of {@code z}; no-op without a bias. */
    static void addBias(FMatrixRMaj z, float[] bias) {
        if (bias == null) {
            return;
        }
        int cols = z.numCols;
        float[] d = z.data;
        for (int r = 0, base = 0; r < z.numRows; r++, base += cols) {
            for (int j = 0; j < cols; j++) {
                d[base + j] += bias[j];
            }
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

    static FMatrixRMaj matrix(int rows, int cols, float[] rowMajor) {
        return new FMatrixRMaj(rows, cols, true, rowMajor.clone());
    }
}
