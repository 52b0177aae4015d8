package lstmjob.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Kafka broker process and one real Flink session cluster (JobManager + TaskManager JVMs), started with
 * the {@code bin/} scripts once for all cluster test classes of this JVM and stopped after the last one. State,
 * logs and the scripts' log live under {@code <build dir>/cluster/}. The processes also die within seconds of
 * this JVM ending however it ends (the scripts' owner watchdog) and within an hour in any case.
 *
 * <p>Use as {@code @ExtendWith(LocalCluster.Extension.class)} and take a {@code LocalCluster} parameter.
 */
final class LocalCluster implements AutoCloseable {

    final Scripts scripts;
    final LocalKafka kafka;
    final LocalFlink flink;
    final Path dir;
    private boolean closed;

    private LocalCluster(Path dir) {
        this.dir = dir;
        Path flinkDir = dir.resolve("flink");
        this.scripts = new Scripts(
                Map.of(
                        "KAFKA_LOCAL_DIR", dir.resolve("kafka").toString(),
                        "FLINK_LOCAL_DIR", flinkDir.toString(),
                        "LSTM_OWNER_PID", Long.toString(ProcessHandle.current().pid()),
                        "LSTM_MAX_LIFE_S", "3600"),
                dir.resolve("scripts.log"));
        this.kafka = new LocalKafka(scripts);
        this.flink = new LocalFlink(scripts, flinkDir);
    }

    static LocalCluster start() {
        // java.io.tmpdir is the module's build directory (see the argLine in the poms)
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "cluster").toAbsolutePath();
        try {
            FileUtils.deleteDirectory(dir.toFile());
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalCluster c = new LocalCluster(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "stop-local-cluster"));
        try {
            c.kafka.start();
            c.flink.start(1);
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flink.stop();
        } finally {
            kafka.stop();
        }
    }

    /** Starts the cluster before the first test class that uses it; JUnit closes it when all tests are done. */
    static final class Extension implements BeforeAllCallback, ParameterResolver {

        @Override
        public void beforeAll(ExtensionContext context) {
            cluster(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LocalCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return cluster(context);
        }

        private static LocalCluster cluster(ExtensionContext context) {
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(LocalCluster.class, k -> LocalCluster.start(), LocalCluster.class);
        }
    }
}
