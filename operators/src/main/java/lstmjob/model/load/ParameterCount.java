package lstmjob.model.load;

import java.util.Arrays;
import lstmjob.model.ModelLoadException;

/**
 * The weight values a model declares, added up from the shapes its file states before any value is read, and
 * refused once they pass {@link LoadLimits#maxParameters()}.
 */
final class ParameterCount {

    private final long limit;
    private final String source;
    private long total;

    ParameterCount(LoadLimits limits, String source) {
        this.limit = limits.maxParameters();
        this.source = source;
    }

    /** Adds a weight of the given shape; refuses a negative axis and a running total above the limit. */
    void add(String weight, long[] shape) {
        long count = 1;
        for (long axis : shape) {
            if (axis < 0) {
                throw new ModelLoadException(source + ": weight '" + weight + "' declares the shape "
                        + Arrays.toString(shape) + " with a negative size; the file is corrupt");
            }
            count = axis == 0 || count <= limit / axis ? count * axis : limit + 1;
        }
        total = count > limit - total ? limit + 1 : total + count;
        if (total > limit) {
            throw new ModelLoadException(source + ": the model declares more than " + limit + " weights (at weight '"
                    + weight + "', shape " + Arrays.toString(shape) + "); the most this job loads is "
                    + limit + " (--max-model-parameters)");
        }
    }

    static long[] widen(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
