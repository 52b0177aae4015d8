package lstmjob.model.load;

import java.util.Arrays;

/** A weight as stored in the file: its name there (may be empty), its shape, and its values in row-major order. */
public record Tensor(String name, int[] shape, float[] data) {

    public int size(int axis) {
        return shape[axis];
    }

    public String shapeString() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
