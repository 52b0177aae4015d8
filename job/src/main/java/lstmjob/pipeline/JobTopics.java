package lstmjob.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import lstmjob.config.JobConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's topics before the job is submitted: with {@code create-topics} the missing ones are created; without,
 * the job waits for its output topics (the last three of {@link JobConfig#topics()}), saying so once per
 * {@link #INTERVAL}, because its sinks would fail without them, unless the broker creates a topic on first use
 * ({@code auto.create.topics.enable}, Kafka's default), as it then does for the sinks. The samples topic is waited
 * for by the source itself ({@link AwaitedTopic}), also after a restore.
 */
public final class JobTopics {

    /** How often a missing topic is looked for again, and said to be missing. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    /** How often {@link #prepare} looks for a missing topic. */
    private static final Duration POLL = Duration.ofMillis(500);

    /** How long a newly started broker may take to accept topics (it is not yet part of its cluster). */
    private static final Duration BROKER_JOINING = Duration.ofSeconds(15);

    private static final String AUTO_CREATE_TOPICS = "auto.create.topics.enable";

    private static final Logger LOG = LoggerFactory.getLogger(JobTopics.class);

    private JobTopics() {}

    /** Creates the missing topics, or waits until the output topics exist (see the class comment). */
    public static void prepare(JobConfig c) throws InterruptedException {
        try (Admin admin = Admin.create(adminProperties(c))) {
            if (c.createTopics()) {
                create(admin, c);
                await(admin, c, c.topics()); // a created topic takes a moment to show in the brokers' metadata
            } else if (!brokerCreatesTopics(admin, c)) {
                await(admin, c, c.topics().subList(1, 4));
            }
        }
    }

    /** The line a wait logs: {@code waiting for topic lstm.samples to exist on localhost:9092}. */
    public static String waiting(List<String> topics, String bootstrapServers) {
        return (topics.size() == 1 ? "waiting for topic " : "waiting for topics ") + String.join(", ", topics)
                + " to exist on " + bootstrapServers;
    }

    private static void create(Admin admin, JobConfig c) throws InterruptedException {
        long deadline = System.nanoTime() + BROKER_JOINING.toNanos();
        for (String topic : missing(admin, c, c.topics())) {
            NewTopic t = new NewTopic(topic, c.topicPartitions(), c.topicReplication());
            while (true) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                    LOG.info("created topic {} on {}", topic, c.bootstrapServers());
                    break;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        break; // created meanwhile by someone else
                    }
                    if (!(e.getCause() instanceof InvalidReplicationFactorException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "could not create topic " + topic + " on " + c.bootstrapServers() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                    Thread.sleep(100); // too few brokers yet: a broker that has just started joins in a moment
                }
            }
        }
    }

    /** Until every topic is listed by the broker, saying which are missing once per {@link #INTERVAL}. */
    private static void await(Admin admin, JobConfig c, List<String> topics) throws InterruptedException {
        long nextLine = System.nanoTime() + POLL.toNanos(); // silent when a topic is only a moment late
        List<String> missing;
        while (!(missing = missing(admin, c, topics)).isEmpty()) {
            if (System.nanoTime() - nextLine >= 0) {
                LOG.info(waiting(missing, c.bootstrapServers()));
                nextLine = System.nanoTime() + INTERVAL.toNanos();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Whether the broker creates a topic when a producer first writes to it. A client not allowed to read the
     * broker's configuration is told it does, as Kafka's default has it: then the job does not wait for them.
     */
    private static boolean brokerCreatesTopics(Admin admin, JobConfig c) throws InterruptedException {
        try {
            Node broker = admin.describeCluster().nodes().get().iterator().next();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
            ConfigEntry e = admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(AUTO_CREATE_TOPICS);
            return e == null || e.value() == null || Boolean.parseBoolean(e.value());
        } catch (ExecutionException e) {
            LOG.warn(
                    "could not read {} of the brokers at {} ({}); not waiting for the output topics",
                    AUTO_CREATE_TOPICS,
                    c.bootstrapServers(),
                    e.getCause().getMessage());
            return true;
        }
    }

    private static List<String> missing(Admin admin, JobConfig c, List<String> topics) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(); // bounded by the client's default.api.timeout.ms
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not list the topics on " + c.bootstrapServers() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        return topics.stream().filter(t -> !existing.contains(t)).distinct().toList();
    }

    private static Properties adminProperties(JobConfig c) {
        Properties p = c.kafkaProperties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        return p;
    }
}
