package lstmjob.model.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Supplier;

/**
 * Builds things (models, kernels) with a chosen kernel path by setting {@link Kernels#PROPERTY} around the
 * build only: the loader reads the property once per model, so the property is back to what it was before the
 * test steps anything.
 */
public final class KernelPaths {

    /** Both paths, as {@link Kernels#PROPERTY} names them. */
    public static final List<String> BOTH = List.of("java", "vector");

    private KernelPaths() {}

    public static <T> T build(String path, Supplier<T> build) {
        String before = System.getProperty(Kernels.PROPERTY);
        System.setProperty(Kernels.PROPERTY, path);
        try {
            if (BOTH.contains(path)) {
                assertEquals(path, Kernels.selected().name(), Kernels.PROPERTY + "=" + path + " selects it");
            }
            return build.get();
        } finally {
            if (before == null) {
                System.clearProperty(Kernels.PROPERTY);
            } else {
                System.setProperty(Kernels.PROPERTY, before);
            }
        }
    }

    /** The kernel of that path. */
    public static MatrixKernel kernel(String path) {
        return build(path, Kernels::selected);
    }
}
