package lstmjob.model.layers.kernels;

/**
 * Independent fused multiply-add chains on the vector kernel's species, for measuring this core's FLOP peak
 * in the same JVM as the kernels. Call {@link #burst} often (it is compiled as a whole, not on-stack replaced).
 */
public interface FmaPeak {

    /** Runs {@code iterations} rounds of {@link #flopsPerIteration()} FLOPs; returns a value to keep alive. */
    float burst(int iterations);

    long flopsPerIteration();
}
