package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** Steps one layer directly, as ModelStepper would, on rows given as plain arrays. */
final class Harness {

    final Layer layer;
    final Mask mask;
    private final Object scratch;

    Harness(Layer layer, int maxRows) {
        this.layer = layer;
        this.mask = new Mask(maxRows);
        this.scratch = layer.newScratch(maxRows);
    }

    /**
     * One timestep for {@code x.length} rows. {@code state[v][r]} is state vector v of row r, updated in place;
     * {@code masked} (may be null) marks rows masked before the layer. Returns the output rows.
     */
    float[][] step(float[][] x, float[][][] state, boolean[] masked) {
        int rows = x.length;
        FMatrixRMaj in = new FMatrixRMaj(rows, layer.inputSize());
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x[r], 0, in.data, r * layer.inputSize(), layer.inputSize());
        }
        FMatrixRMaj[] st = new FMatrixRMaj[layer.stateVectors()];
        for (int v = 0; v < st.length; v++) {
            st[v] = new FMatrixRMaj(rows, layer.stateSize());
            for (int r = 0; r < rows; r++) {
                System.arraycopy(state[v][r], 0, st[v].data, r * layer.stateSize(), layer.stateSize());
            }
        }
        FMatrixRMaj out = new FMatrixRMaj(rows, layer.outputSize());
        java.util.Arrays.fill(out.data, Float.NaN); // the layer must overwrite every output
        mask.clear();
        if (masked != null) {
            for (int r = 0; r < rows; r++) {
                mask.set(r, masked[r]);
            }
        }
        layer.step(in, out, st, mask, scratch);
        for (int v = 0; v < st.length; v++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(st[v].data, r * layer.stateSize(), state[v][r], 0, layer.stateSize());
            }
        }
        float[][] y = new float[rows][layer.outputSize()];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(out.data, r * layer.outputSize(), y[r], 0, layer.outputSize());
        }
        return y;
    }
}
