package lstmjob.model.layers;

/**
 * An activation function applied in place. Element-wise functions treat {@code [from, to)} as any run of
 * values; vector functions (softmax) treat it as one vector, so layers always call it once per row (and
 * per gate block). Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface Activation {

    void apply(float[] v, int from, int to);
}
