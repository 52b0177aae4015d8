package lstmjob.bench;

import java.util.Optional;
import lstmjob.model.layers.kernels.Kernels;

/**
 * Independent fused multiply-add chains on the vector kernel's species, for measuring this core's FLOP peak
 * in the same JVM as the kernels. Call {@link #burst} often (it is compiled as a whole, not on-stack replaced).
 */
public interface FmaPeak {

    /** Runs {@code iterations} rounds of {@link #flopsPerIteration()} FLOPs; returns a value to keep alive. */
    float burst(int iterations);

    long flopsPerIteration();

    /**
     * The FMA loop, when the layers run the Vector API kernel here; empty otherwise. The class that touches
     * {@code jdk.incubator.vector} is loaded by name only then, so a JVM without the module never links it.
     */
    static Optional<FmaPeak> onThisJvm() {
        if (Kernels.vector().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((FmaPeak) Class.forName(FmaPeak.class.getPackageName() + ".VectorFmaPeak")
                    .getDeclaredConstructor()
                    .newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }
}
