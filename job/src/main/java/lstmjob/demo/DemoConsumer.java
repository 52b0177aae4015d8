package lstmjob.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the demo's predictions and resets back from Kafka (read_committed) and prints them beside their samples. */
public final class DemoConsumer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final DemoProducer producer;
    private final PrintWriter out;
    private final Thread thread;

    private DemoConsumer(String bootstrapServers, String topic, DemoProducer producer, PrintWriter out) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.producer = producer;
        this.out = out;
        this.thread = new Thread(this::consume, "demo-consumer");
        this.thread.setDaemon(true);
    }

    public static DemoConsumer start(String bootstrapServers, String topic, DemoProducer producer, PrintWriter out) {
        DemoConsumer d = new DemoConsumer(bootstrapServers, topic, producer, out);
        d.thread.start();
        return d;
    }

    private void consume() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    print(r.value());
                }
            }
        } catch (WakeupException closing) {
            // close() woke us up
        } finally {
            consumer.close();
        }
    }

    private void print(String value) {
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            return;
        }
        String key = n.path("key").asText();
        synchronized (out) {
            if ("reset".equals(n.path("type").asText())) {
                out.printf(
                        "%-10s reset after %d steps (%s)%n",
                        key, n.path("steps").asLong(), n.path("reason").asText());
            } else {
                DemoSamples.Sample s = producer.sent(key, n.path("seq").asLong());
                out.printf(
                        "%-10s seq %-4d step %-3d %s -> prediction %s%n",
                        key,
                        n.path("seq").asLong(),
                        n.path("step").asLong(),
                        s == null ? "?" : s.shown(),
                        shown(n.path("y")));
            }
            out.flush();
        }
    }

    /**
     * A prediction's y in one short line: a one-value vector as the number, else its JSON (by output name for
     * several outputs; indices and values with top-k), cut at 60 characters.
     */
    static String shown(JsonNode y) {
        if (y.isArray() && y.size() == 1) {
            return String.format(java.util.Locale.ROOT, "%6.3f", y.get(0).asDouble());
        }
        String text = y.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5000);
    }
}
