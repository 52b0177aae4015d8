package lstmjob.pipeline;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.enumerator.subscriber.KafkaSubscriber;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples topic as the Kafka source subscribes to it. While the topic does not exist it has no partitions and
 * the source says so once per partition discovery, instead of failing the job (the connector's own topic list
 * throws, and the job fails over again and again). Discovery asks again every interval, and the source reads a
 * topic that appears from its first record; a topic deleted under a running or restored job is waited for alike.
 */
final class AwaitedTopic implements KafkaSubscriber {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AwaitedTopic.class);

    private final String topic;
    private final String bootstrapServers;

    AwaitedTopic(String topic, String bootstrapServers) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public Set<TopicPartition> getSubscribedTopicPartitions(AdminClient admin) {
        TopicDescription topicDescription;
        try {
            topicDescription = admin.describeTopics(List.of(topic))
                    .topicNameValues()
                    .get(topic)
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                LOG.info(JobTopics.waiting(List.of(topic), bootstrapServers));
                return Set.of();
            }
            throw new IllegalStateException(
                    "could not describe topic " + topic + " on " + bootstrapServers + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
        return topicDescription.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toSet());
    }
}
