package lstmjob.testing;

import java.util.Map;
import lstmjob.kafka.EmbeddedKafka;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test of the real Kafka job runs against: a Flink MiniCluster (one TaskManager, two slots, metrics kept in
 * memory) and an embedded Kafka broker, both started once per test class and stopped after it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaAndFlink env = new KafkaAndFlink();
 * }</pre>
 *
 * <p>Jobs built with {@code StreamExecutionEnvironment.getExecutionEnvironment()} (as {@link KafkaJobRunner} does)
 * run on the MiniCluster; the Flink extension registers it as the context environment before each test.
 */
public final class KafkaAndFlink implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
    private final MiniClusterExtension flink = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(metrics.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
    private final Map<String, String> brokerProperties;
    private EmbeddedKafka kafka;

    public KafkaAndFlink() {
        this(Map.of());
    }

    /** With these broker properties beside the embedded broker's defaults. */
    public KafkaAndFlink(Map<String, String> brokerProperties) {
        this.brokerProperties = Map.copyOf(brokerProperties);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        flink.beforeAll(context);
        EmbeddedKafka.Builder broker = EmbeddedKafka.builder();
        brokerProperties.forEach(broker::property);
        kafka = broker.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        flink.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        flink.afterEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            flink.afterAll(context);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Creates the topic with that many partitions (nothing happens when it exists). */
    public void createTopic(String name, int partitions) {
        kafka.createTopic(name, partitions);
    }

    /** The metrics of every job run on the MiniCluster (see {@link Metrics}). */
    public InMemoryReporter metrics() {
        return metrics;
    }
}
