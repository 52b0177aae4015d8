package lstmjob.model.layers.kernels;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the kernel a model is built with. The Vector API kernel runs when the JVM has the
 * {@code jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector}) and it passes a self-test;
 * otherwise the plain-Java kernel does, with the same results within float rounding (each kernel gives a row the
 * same bits in any bundle; the two differ from each other in the last bits). The system property
 * {@value #PROPERTY} ({@code auto}, {@code vector} or {@code java}) forces a path; the loader reads it once per
 * model and hands the kernel to every layer it builds, so a test can build one model per path in one JVM.
 */
public final class Kernels {

    /** {@code -Dlstmjob.kernel=auto|vector|java}. */
    public static final String PROPERTY = "lstmjob.kernel";

    private static final MatrixKernel JAVA = new JavaKernel();

    private Kernels() {}

    /** The kernel {@link #PROPERTY} chooses now. */
    public static MatrixKernel selected() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "":
            case "auto":
                return VectorProbe.KERNEL != null ? VectorProbe.KERNEL : JAVA;
            case "java":
                return JAVA;
            case "vector":
                if (VectorProbe.KERNEL == null) {
                    throw new IllegalStateException(
                            "-D" + PROPERTY + "=vector, but the Vector API kernel cannot run: " + VectorProbe.WHY_NOT);
                }
                return VectorProbe.KERNEL;
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + wanted + " is not one of auto, vector, java");
        }
    }

    /** The plain-Java kernel, always available. */
    public static MatrixKernel java() {
        return JAVA;
    }

    /** The Vector API kernel, when this JVM can run it. */
    public static Optional<MatrixKernel> vector() {
        return Optional.ofNullable(VectorProbe.KERNEL);
    }

    /** Why the Vector API kernel is not available, or empty when it is. */
    public static Optional<String> vectorUnavailableReason() {
        return Optional.ofNullable(VectorProbe.WHY_NOT);
    }

    /**
     * The selected kernel for people: {@code vector (AVX-512, 16 float lanes)}, or {@code plain Java (...)} with
     * the reason the vector kernel is not used.
     */
    public static String describe() {
        MatrixKernel k = selected();
        if (k == JAVA && VectorProbe.WHY_NOT != null) {
            return k.describe() + "; Vector API not used: " + VectorProbe.WHY_NOT;
        }
        if (k == JAVA) {
            return k.describe() + "; Vector API available but not selected (-D" + PROPERTY + "=java)";
        }
        return k.describe();
    }

    /**
     * Probed once, on first use. The classes that touch {@code jdk.incubator.vector} are loaded by name only
     * after the module is known to be there, so a JVM without it never links them.
     */
    private static final class VectorProbe {
        static final MatrixKernel KERNEL;
        static final String WHY_NOT;

        static {
            MatrixKernel kernel = null;
            String whyNot;
            String noC2 = withoutC2();
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                whyNot = "the JVM runs without the jdk.incubator.vector module"
                        + " (add --add-modules jdk.incubator.vector)";
            } else if (noC2 != null) {
                whyNot = noC2;
            } else {
                try {
                    MatrixKernel candidate =
                            (MatrixKernel) Class.forName(Kernels.class.getPackageName() + ".VectorKernel")
                                    .getDeclaredConstructor()
                                    .newInstance();
                    whyNot = SelfTest.disagreement(candidate, JAVA);
                    if (whyNot == null) {
                        kernel = candidate;
                    }
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    whyNot = "the Vector API failed to start: " + e;
                }
            }
            KERNEL = kernel;
            WHY_NOT = whyNot;
        }

        /**
         * Why C2 will not compile the vector code, or null: without C2 the Vector API runs as plain objects,
         * many times slower than the plain-Java kernel. Null too where HotSpot's flags cannot be read.
         */
        private static String withoutC2() {
            try {
                com.sun.management.HotSpotDiagnosticMXBean vm =
                        java.lang.management.ManagementFactory.getPlatformMXBean(
                                com.sun.management.HotSpotDiagnosticMXBean.class);
                if (vm == null) {
                    return null;
                }
                if (!Boolean.parseBoolean(vm.getVMOption("UseCompiler").getValue())) {
                    return "the JVM runs interpreted (-Xint), so the Vector API would not be compiled";
                }
                String level = vm.getVMOption("TieredStopAtLevel").getValue();
                if (Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())
                        && Integer.parseInt(level) < 4) {
                    return "C2 is off (-XX:TieredStopAtLevel=" + level + "), so the Vector API would not be compiled";
                }
                return null;
            } catch (IllegalArgumentException | LinkageError e) {
                return null; // not HotSpot, or the flags moved: the self-test still guards the results
            }
        }
    }
}
