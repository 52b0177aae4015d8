package lstmjob.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.coordinator.transaction.TransactionStateManagerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) running inside this JVM, for the {@code demo} and
 * {@code bench} commands and the integration tests.
 *
 * <p>It listens on 127.0.0.1 only, on two ports picked free just before starting (retried with new ports if another
 * process takes one in between), and keeps its data in a fresh temporary directory that {@link #close()} deletes.
 * {@link #stop()} and {@link #startAgain()} restart the broker on the same ports and data, for broker-restart tests.
 *
 * <p>A fatal broker fault (for example a failing log directory) makes Kafka halt the JVM, as the standalone broker
 * would; that is Kafka's own fault handling and is not intercepted here.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The broker's default {@code num.partitions} here. */
    public static final int DEFAULT_PARTITIONS = 4;

    /**
     * Kafka's default {@code transaction.max.timeout.ms} (15 min), which this broker keeps unless overridden. A
     * transactional producer asking for a longer {@code transaction.timeout.ms} is refused by the broker.
     */
    public static final Duration DEFAULT_TRANSACTION_MAX_TIMEOUT =
            Duration.ofMillis(TransactionStateManagerConfig.TRANSACTIONS_MAX_TIMEOUT_MS_DEFAULT);

    private static final String TRANSACTION_MAX_TIMEOUT_KEY =
            TransactionStateManagerConfig.TRANSACTIONS_MAX_TIMEOUT_MS_CONFIG;
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path directory;
    private final Map<String, String> config;
    private final Thread shutdownHook;
    private KafkaRaftServer server;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(Path directory, Map<String, String> config) {
        this.directory = directory;
        this.config = config;
        // A demo stopped with Ctrl-C must not leave its broker data behind.
        this.shutdownHook = new Thread(this::close, "embedded-kafka-shutdown");
    }

    /** Starts a broker with {@value #DEFAULT_PARTITIONS} partitions per auto-created topic. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a broker to start. */
    public static final class Builder {
        private int partitions = DEFAULT_PARTITIONS;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();

        private Builder() {}

        /** {@code num.partitions}: the partition count of topics created on first use. */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /** Any further broker property; it overrides the defaults set here (but not listeners, ports or log.dirs). */
        public Builder property(String key, String value) {
            extraProperties.put(key, value);
            return this;
        }

        public EmbeddedKafka start() {
            Throwable lastBindFailure = null;
            for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
                int[] ports = freePorts(2);
                Path dir = createTempDirectory();
                EmbeddedKafka kafka = new EmbeddedKafka(dir, brokerConfig(dir, ports[0], ports[1]));
                try {
                    long began = System.nanoTime();
                    kafka.format();
                    long formatted = elapsedMillis(began);
                    kafka.startServer();
                    LOG.info(
                            "Kafka broker {} started in {} ms (formatting its directory: {} ms)",
                            kafka.bootstrapServers(),
                            elapsedMillis(began),
                            formatted);
                    Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
                    return kafka;
                } catch (RuntimeException | Error e) {
                    kafka.deleteAfterFailedStart();
                    if (!isBindFailure(e)) {
                        throw e;
                    }
                    // Another process took a port between picking and binding it: pick new ones.
                    LOG.warn(
                            "Kafka broker could not bind port {} or {} (attempt {}): {}",
                            ports[0],
                            ports[1],
                            attempt,
                            e.toString());
                    lastBindFailure = e;
                }
            }
            throw new IllegalStateException(
                    "Kafka broker could not bind free ports on 127.0.0.1 in " + BIND_ATTEMPTS + " attempts",
                    lastBindFailure);
        }

        private Map<String, String> brokerConfig(Path dir, int brokerPort, int controllerPort) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("process.roles", "broker,controller");
            c.put("node.id", "1");
            c.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            c.put("controller.listener.names", "CONTROLLER");
            c.put("inter.broker.listener.name", "PLAINTEXT");
            c.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            c.put("num.partitions", Integer.toString(partitions));
            // One broker: internal topics can only have one replica, or consumer groups and transactions fail.
            c.put("offsets.topic.replication.factor", "1");
            c.put("offsets.topic.num.partitions", "1");
            c.put("transaction.state.log.replication.factor", "1");
            c.put("transaction.state.log.min.isr", "1");
            c.put("transaction.state.log.num.partitions", "1");
            c.put("share.coordinator.state.topic.replication.factor", "1");
            c.put("share.coordinator.state.topic.min.isr", "1");
            c.put("min.insync.replicas", "1");
            c.put("default.replication.factor", "1");
            // Consumers in tests and the demo should get their partitions at once, not after 3 s.
            c.put("group.initial.rebalance.delay.ms", "0");
            c.putAll(extraProperties);
            // Not overridable: where this broker listens and stores its data is what this class manages.
            c.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            c.put("log.dirs", dir.resolve("data").toString());
            return Map.copyOf(c);
        }
    }

    /** {@code 127.0.0.1:port}, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort();
    }

    /** The broker's client port; it stays the same across {@link #stop()} and {@link #startAgain()}. */
    public int brokerPort() {
        String listener = config.get("advertised.listeners");
        return Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
    }

    private int controllerPort() {
        String voters = config.get("controller.quorum.voters");
        return Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1));
    }

    /** The broker's data directory; {@link #close()} deletes it. */
    public Path directory() {
        return directory;
    }

    /** The broker's {@code transaction.max.timeout.ms}: producers' transaction timeouts must not exceed it. */
    public Duration transactionMaxTimeout() {
        String configured = config.get(TRANSACTION_MAX_TIMEOUT_KEY);
        return configured == null ? DEFAULT_TRANSACTION_MAX_TIMEOUT : Duration.ofMillis(Long.parseLong(configured));
    }

    /**
     * Creates a topic with the given partition count, and waits until every partition has a leader. Creating a
     * topic that exists with the same partition count does nothing; with another count it fails.
     */
    public synchronized void createTopic(String name, int partitions) {
        requireRunning();
        Admin client = admin();
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                client.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                        .all()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    break;
                }
                // Right after start the broker may not yet be registered with the controller (still fenced).
                if (!(e.getCause() instanceof InvalidReplicationFactorException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not create topic " + name + ": " + e.getCause(), e);
                }
                sleep(Duration.ofMillis(100));
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted creating topic " + name, e);
            }
        }
        awaitLeaders(client, name, partitions, deadline);
    }

    private static void awaitLeaders(Admin client, String name, int partitions, long deadline) {
        while (true) {
            try {
                TopicDescription topic = client.describeTopics(List.of(name))
                        .allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(name);
                if (topic.partitions().size() != partitions) {
                    throw new IllegalStateException("Topic " + name + " already exists with "
                            + topic.partitions().size() + " partitions, not " + partitions);
                }
                if (topic.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // Metadata of a just-created topic can lag behind the create call.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topic " + name + ": " + e.getCause(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out describing topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted describing topic " + name, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Partitions of topic " + name + " got no leader in " + ADMIN_TIMEOUT);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    /** Shuts the broker down, keeping its data and ports for {@link #startAgain()}. Does nothing if stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long began = System.nanoTime();
        closeAdmin();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker {} stopped in {} ms", bootstrapServers(), elapsedMillis(began));
    }

    /**
     * Starts the broker again after {@link #stop()}, on the same ports and data. Waits a little if a port is briefly
     * unavailable; fails if another process keeps it.
     */
    public synchronized void startAgain() {
        if (closed) {
            throw new IllegalStateException("Kafka broker " + bootstrapServers() + " is closed");
        }
        if (server != null) {
            throw new IllegalStateException("Kafka broker " + bootstrapServers() + " is running");
        }
        long began = System.nanoTime();
        awaitPortsFree();
        startServer();
        LOG.info("Kafka broker {} started again in {} ms", bootstrapServers(), elapsedMillis(began));
    }

    /**
     * Waits a little for this broker's ports to be free. Checking first keeps a port held by another process from
     * making Kafka half-start and log pages of errors, and gives a clear message.
     */
    private void awaitPortsFree() {
        for (int attempt = 1; ; attempt++) {
            try {
                for (int port : List.of(brokerPort(), controllerPort())) {
                    try (ServerSocket probe = new ServerSocket()) {
                        probe.setReuseAddress(true); // as Kafka binds: a closed socket's TIME_WAIT is no obstacle
                        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                    }
                }
                return;
            } catch (IOException e) {
                if (attempt == BIND_ATTEMPTS) {
                    throw new IllegalStateException(
                            "Cannot start Kafka broker " + bootstrapServers()
                                    + " again: its port " + brokerPort() + " or " + controllerPort()
                                    + " on 127.0.0.1 is in use by another process",
                            e);
                }
                sleep(Duration.ofMillis(500));
            }
        }
    }

    /** Stops the broker and deletes its directory. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteDirectory(directory);
            removeShutdownHook();
        }
    }

    private void format() {
        Path properties = directory.resolve("server.properties");
        Properties p = new Properties();
        p.putAll(config);
        try (var out = Files.newBufferedWriter(properties)) {
            p.store(out, "embedded Kafka broker");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + properties, e);
        }
        // StorageTool prints its progress; keep it off stdout, and show it only if formatting fails.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()}, print);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory in " + directory + " failed (exit "
                    + exitCode + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void startServer() {
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw e;
        }
        server = starting;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers(),
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    "embedded-kafka-admin"));
        }
        return admin;
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private void requireRunning() {
        if (server == null) {
            throw new IllegalStateException("Kafka broker " + bootstrapServers() + " is not running");
        }
    }

    private void deleteAfterFailedStart() {
        closed = true;
        deleteDirectory(directory);
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // close() is running from the hook itself, or the JVM is exiting: nothing to remove.
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Distinct free ports on 127.0.0.1, held open together so that the same port is not returned twice. */
    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for Kafka", e);
        }
    }

    private static void deleteDirectory(Path root) {
        try {
            FileUtils.deleteDirectory(root.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the Kafka directory " + root, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    private static long elapsedMillis(long beganNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos);
    }
}
