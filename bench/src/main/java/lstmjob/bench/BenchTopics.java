package lstmjob.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics one bench run creates on a broker, deleted again on {@link #close()}, so that a bench against the
 * user's own broker leaves nothing behind.
 */
final class BenchTopics implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final List<String> created = new ArrayList<>();

    BenchTopics(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "lstm-job-bench-admin"));
    }

    /** Creates a topic (replication factor 1: the bench's data is throw-away) and waits until it exists. */
    void create(String name, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                        .all()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                created.add(name);
                break;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    throw new IllegalStateException("topic " + name + " exists already; the bench makes its own", e);
                }
                // a just-started broker may not accept topics yet
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not create topic " + name + ": " + e.getCause(), e);
                }
                Thread.sleep(200);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + name + " (is the broker reachable?)", e);
            }
        }
        // metadata of a new topic reaches the clients a moment later
        while (true) {
            try {
                admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " did not appear: " + e, e);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (!created.isEmpty()) {
                admin.deleteTopics(created).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
