package lstmjob.model.layers.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelsTest {

    /** Surefire's argLine adds the module, so that the tests exercise the vector path by default. */
    @Test
    void theTestJvmRunsTheVectorKernel() {
        assertTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "surefire's argLine must carry --add-modules jdk.incubator.vector");
        assertTrue(
                Kernels.vector().isPresent(),
                () -> "vector kernel unavailable: "
                        + Kernels.vectorUnavailableReason().orElse("?"));
        assertTrue(Kernels.vectorUnavailableReason().isEmpty());
        String before = System.getProperty(Kernels.PROPERTY);
        System.clearProperty(Kernels.PROPERTY);
        try {
            assertEquals("vector", Kernels.selected().name(), "auto picks the vector kernel");
            assertTrue(Kernels.describe().startsWith("vector ("), Kernels.describe());
            assertTrue(Kernels.describe().contains("float lanes"), Kernels.describe());
        } finally {
            if (before != null) {
                System.setProperty(Kernels.PROPERTY, before);
            }
        }
    }

    @Test
    void thePropertyForcesAPath() {
        assertEquals("java", KernelPaths.kernel("java").name());
        assertEquals("vector", KernelPaths.kernel("vector").name());
        assertEquals("vector", KernelPaths.kernel("auto").name());
        assertEquals("vector", KernelPaths.kernel(" Vector ").name());
        String describedJava = KernelPaths.build("java", Kernels::describe);
        assertTrue(describedJava.startsWith("plain Java"), describedJava);
        assertTrue(describedJava.contains("-Dlstmjob.kernel=java"), describedJava);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> KernelPaths.build("simd", Kernels::selected));
        assertTrue(
                e.getMessage().contains("-Dlstmjob.kernel=simd")
                        && e.getMessage().contains("auto, vector, java"),
                e.getMessage());
    }

    /**
     * A JVM without the module: the layers fall back to plain Java, give the plain kernel's results bit for bit,
     * and never load a class that touches the Vector API; forcing the vector path there fails with the remedy.
     */
    @Test
    void withoutTheModuleThePlainKernelServesAndNoVectorClassLoads() throws Exception {
        Run plain = runWithoutModule(List.of());
        assertEquals(0, plain.exit, plain.output);
        assertTrue(
                plain.output.contains("kernel=plain Java (auto-vectorised loops); Vector API not used: the JVM "
                        + "runs without the jdk.incubator.vector module (add --add-modules jdk.incubator.vector)"),
                plain.output);
        assertFalse(plain.output.contains("VectorKernel"), "VectorKernel was loaded:\n" + plain.output);
        assertFalse(plain.output.contains("jdk.incubator.vector.FloatVector"), plain.output);
        assertTrue(plain.output.contains("lstmjob.model.layers.kernels.JavaKernel"), "class loading is logged");
        String expected = KernelPaths.build("java", NoVectorModuleMain::outputs);
        assertTrue(plain.output.contains("outputs=" + expected), "want outputs=" + expected + "\n" + plain.output);

        Run forced = runWithoutModule(List.of("-Dlstmjob.kernel=vector"));
        assertNotEquals(0, forced.exit, forced.output);
        assertTrue(
                forced.output.contains("-Dlstmjob.kernel=vector, but the Vector API kernel cannot run: the JVM runs "
                        + "without the jdk.incubator.vector module"),
                forced.output);
    }

    private record Run(int exit, String output) {}

    private static Run runWithoutModule(List<String> options) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xlog:class+load=info");
        cmd.addAll(options);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(NoVectorModuleMain.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finishes");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
