package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/** Keras Concatenate over the features (the last axis): each row is its inputs' rows one after the other. */
public final class ConcatenateLayer extends MergeLayer {

    private final int[] sizes;

    /** @param sizes the features of each input, in order */
    public ConcatenateLayer(String name, String type, int[] sizes) {
        super(name, type, sizes[0], sum(sizes), sizes.length);
        this.sizes = sizes.clone();
    }

    @Override
    public void merge(FMatrixRMaj[] in, FMatrixRMaj out) {
        int rows = out.numRows;
        int width = outputSize();
        int at = 0;
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            float[] x = in[k].data;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, r * n, out.data, r * width + at, n);
            }
            at += n;
        }
    }

    private static int sum(int[] sizes) {
        int s = 0;
        for (int n : sizes) {
            s += n;
        }
        return s;
    }
}
