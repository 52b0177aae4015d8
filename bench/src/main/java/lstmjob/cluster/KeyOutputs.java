package lstmjob.cluster;

import java.util.Arrays;

/** One key's predictions as read, in order: each one's step and its y (all of one width). */
final class KeyOutputs {

    private int[] steps = new int[16];
    private float[] ys = new float[16];
    private int count;
    private int width = -1;

    void add(int step, float[] y) {
        if (width < 0) {
            width = y.length;
        }
        if (count == steps.length) {
            steps = Arrays.copyOf(steps, count * 2);
        }
        if ((count + 1) * width > ys.length) {
            ys = Arrays.copyOf(ys, Math.max(16, (count + 1) * width * 2));
        }
        steps[count] = step;
        System.arraycopy(y, 0, ys, count * width, Math.min(width, y.length));
        count++;
    }

    int count() {
        return count;
    }

    int step(int i) {
        return steps[i];
    }

    int width() {
        return width;
    }

    float y(int i, int j) {
        return ys[i * width + j];
    }
}
