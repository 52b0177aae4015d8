package lstmjob.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producing to and reading from a real Kafka broker in integration tests.
 *
 * <p>Producers use the Java client's default (murmur2) partitioner, as users' producers do, with acks=all and
 * idempotence, so that records of one key land in one partition in the order given. Readers assign themselves every
 * partition of the topic and read from the beginning without a consumer group, so nothing is committed and nothing
 * waits for a rebalance.
 */
public final class KafkaTestSupport {

    /** One record: keys and values are UTF-8 strings; {@code key} is null for an unkeyed record. */
    public record Message(String key, String value, int partition, long offset) {}

    /** A record to produce; {@code key} may be null. */
    public record KeyedValue(String key, String value) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    private KafkaTestSupport() {}

    /**
     * Produces every non-blank line of a JSON Lines file, in file order, and returns how many. A line's record key
     * is its {@code "key"} string; a line without one (or not JSON at all) is produced unkeyed, as it is.
     */
    public static int produceJsonLines(String bootstrapServers, String topic, Path jsonLines) {
        List<String> lines;
        try {
            lines = Files.readAllLines(jsonLines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + jsonLines, e);
        }
        return produceJsonLines(bootstrapServers, topic, lines);
    }

    /** As {@link #produceJsonLines(String, String, Path)}, for lines in memory. */
    public static int produceJsonLines(String bootstrapServers, String topic, List<String> lines) {
        List<KeyedValue> records = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                records.add(new KeyedValue(keyOf(line), line));
            }
        }
        produce(bootstrapServers, topic, records);
        return records.size();
    }

    /** Produces the records in order and waits until the broker has acknowledged every one. */
    public static void produce(String bootstrapServers, String topic, List<KeyedValue> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (KeyedValue record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                awaitAck(ack, topic);
            }
        }
    }

    /**
     * Produces the records in one Kafka transaction, then commits it, or aborts it when {@code commit} is false (so
     * that read_committed readers must never see them).
     */
    public static void produceInTransaction(
            String bootstrapServers, String topic, List<KeyedValue> records, boolean commit) {
        Properties config = producerConfig(bootstrapServers);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka-test-support-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (KeyedValue record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                awaitAck(ack, topic);
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    /**
     * Reads a topic from the beginning with {@code isolation.level=read_committed} (what an exactly-once job's
     * output looks like to downstream readers) until at least {@code count} records arrived or {@code timeout}
     * passed; returns what arrived, in order per partition. Check the size: a timeout is not an exception here.
     */
    public static List<Message> readCommitted(String bootstrapServers, String topic, int count, Duration timeout) {
        return read(bootstrapServers, topic, true, count, null, timeout);
    }

    /** As {@link #readCommitted}, but stops once no record arrived for {@code quiet} (or at {@code timeout}). */
    /**
     * Once the job is gone, the committed outputs on {@code topic} are exactly {@code expectedCount}: nothing was
     * doubled by a restart or a replayed transaction.
     */
    public static void assertNothingDoubled(String bootstrapServers, String topic, int expectedCount) {
        assertEquals(
                expectedCount,
                readCommittedUntilQuiet(bootstrapServers, topic, Duration.ofSeconds(1), Duration.ofSeconds(20))
                        .size(),
                "nothing doubled on " + topic);
    }

    public static List<Message> readCommittedUntilQuiet(
            String bootstrapServers, String topic, Duration quiet, Duration timeout) {
        return read(bootstrapServers, topic, true, Integer.MAX_VALUE, quiet, timeout);
    }

    /**
     * Reads with {@code isolation.level=read_uncommitted}: every record written, including those of open or aborted
     * transactions; what an at-least-once reader sees.
     */
    public static List<Message> readUncommitted(String bootstrapServers, String topic, int count, Duration timeout) {
        return read(bootstrapServers, topic, false, count, null, timeout);
    }

    /** As {@link #readUncommitted}, but stops once no record arrived for {@code quiet} (or at {@code timeout}). */
    public static List<Message> readUncommittedUntilQuiet(
            String bootstrapServers, String topic, Duration quiet, Duration timeout) {
        return read(bootstrapServers, topic, false, Integer.MAX_VALUE, quiet, timeout);
    }

    /**
     * Reads a topic from the beginning until {@code count} records arrived, no record arrived for {@code quiet}
     * (when not null), or {@code timeout} passed, whichever comes first. Records of one partition come in offset
     * order, so records of one key keep their order.
     */
    public static List<Message> read(
            String bootstrapServers, String topic, boolean readCommitted, int count, Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig(bootstrapServers, readCommitted))) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                return received;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastArrival = System.nanoTime();
            while (received.size() < count && System.nanoTime() < deadline) {
                int before = received.size();
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    received.add(new Message(r.key(), r.value(), r.partition(), r.offset()));
                }
                if (received.size() > before) {
                    lastArrival = System.nanoTime();
                } else if (quiet != null && System.nanoTime() - lastArrival >= quiet.toNanos()) {
                    break;
                }
            }
        }
        return received;
    }

    /** The values of each key in the order read (unkeyed records under the null key). */
    public static Map<String, List<String>> valuesByKey(List<Message> messages) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (Message m : messages) {
            byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m.value());
        }
        return byKey;
    }

    /** The values in the order read. */
    public static List<String> values(List<Message> messages) {
        return messages.stream().map(Message::value).toList();
    }

    /** The JSON's {@code "key"} when it is a string, else null (also for a line that is not JSON). */
    static String keyOf(String line) {
        try {
            JsonNode key = JSON.readTree(line).get("key");
            return key != null && key.isTextual() ? key.textValue() : null;
        } catch (JsonProcessingException notJson) {
            // Malformed input lines are produced too (the job must dead-letter them); they just have no key.
            return null;
        }
    }

    /** The topic's partitions, waiting for the topic to exist (the job under test may create it late). */
    private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
        while (true) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, POLL);
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
                }
            } catch (TimeoutException brokerNotAnsweringYet) {
                // e.g. a broker restarting: keep asking until the deadline
            }
            if (System.nanoTime() >= deadline) {
                return List.of();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for topic " + topic, e);
            }
        }
    }

    private static void awaitAck(Future<RecordMetadata> ack, String topic) {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Producing to " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted producing to " + topic, e);
        }
    }

    private static Properties producerConfig(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // Per-key order even across retries: idempotence keeps order with up to 5 requests in flight.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    private static Properties consumerConfig(String bootstrapServers, boolean readCommitted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Reading must not create the topic with the broker's default partition count.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return p;
    }
}
