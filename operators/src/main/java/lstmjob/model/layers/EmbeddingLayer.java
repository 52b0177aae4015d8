package lstmjob.model.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * Keras Embedding on the model's id input: each row's id selects a row of the table. With {@code mask_zero}, id 0
 * masks the row for the following layers as Masking does (its looked-up row still flows on, as in Keras).
 */
public final class EmbeddingLayer extends Layer {

    private final int vocabulary;
    private final float[] table;
    private final boolean maskZero;

    /** @param table vocabulary × outputSize, row-major */
    public EmbeddingLayer(String name, String type, int vocabulary, int outputSize, float[] table, boolean maskZero) {
        super(name, type, 1, outputSize, table.length);
        this.vocabulary = vocabulary;
        this.table = table;
        this.maskZero = maskZero;
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        int size = outputSize();
        for (int r = 0; r < in.numRows; r++) {
            // The decoder admits only ids in range; the clamp keeps made-up inputs (warm-up) inside the table.
            int id = Math.min(Math.max((int) in.data[r], 0), vocabulary - 1);
            System.arraycopy(table, id * size, out.data, r * size, size);
            if (maskZero) {
                mask.set(r, id == 0);
            }
        }
    }
}
