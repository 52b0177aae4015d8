package lstmjob.model.layers;

/**
 * Keras's timestep mask for one step of a batch: a masked row leaves every recurrent state unchanged and
 * the recurrent layer repeats its current h as output. Mutable, per thread.
 */
public final class Mask {
    private final boolean[] masked;
    private boolean any;

    public Mask(int maxRows) {
        this.masked = new boolean[maxRows];
    }

    public boolean any() {
        return any;
    }

    public boolean isMasked(int row) {
        return any && masked[row];
    }

    public void set(int row, boolean value) {
        masked[row] = value;
        any |= value;
    }

    /** Forgets the mask, as Keras does after a recurrent layer that returns only its last output. */
    public void clear() {
        if (any) {
            java.util.Arrays.fill(masked, false);
            any = false;
        }
    }

    /** Takes {@code other}'s mask (a tensor that inherits the mask of the tensor it is computed from). */
    public void copyFrom(Mask other) {
        if (other.any) {
            System.arraycopy(other.masked, 0, masked, 0, masked.length);
            any = true;
        } else {
            clear();
        }
    }

    /** Masks, in addition, the first {@code rows} rows that {@code other} masks (a merge of masked tensors). */
    public void orFrom(Mask other, int rows) {
        if (other.any) {
            for (int r = 0; r < rows; r++) {
                if (other.masked[r]) {
                    masked[r] = true;
                    any = true;
                }
            }
        }
    }
}
