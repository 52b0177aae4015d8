package lstmjob.demo;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the demo's samples: per key, sequences of 5 to 12 random timesteps ({@link DemoSamples}), the last one
 * marked {@code end}. Remembers what it sent, so that the consumer can show it beside each prediction.
 */
public final class DemoProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int keys;
    private final long periodMillis;
    private final Map<String, Map<Long, DemoSamples.Sample>> sent = new ConcurrentHashMap<>();
    private final DemoSamples samples;
    private final Thread thread;
    private volatile boolean running = true;

    private DemoProducer(String bootstrapServers, String topic, int keys, int ratePerKey, DemoSamples samples) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.keys = keys;
        this.samples = samples;
        this.periodMillis = Math.max(1, 1000 / Math.max(1, ratePerKey));
        this.thread = new Thread(this::produce, "demo-producer");
        this.thread.setDaemon(true);
    }

    public static DemoProducer start(
            String bootstrapServers, String topic, int keys, int ratePerKey, DemoSamples samples) {
        DemoProducer d = new DemoProducer(bootstrapServers, topic, keys, ratePerKey, samples);
        d.thread.start();
        return d;
    }

    /** What was sent for this key and seq, or null. */
    public DemoSamples.Sample sent(String key, long seq) {
        Map<Long, DemoSamples.Sample> m = sent.get(key);
        return m == null ? null : m.get(seq);
    }

    private void produce() {
        Random random = new Random(42);
        long[] seq = new long[keys];
        int[] left = new int[keys];
        while (running) {
            for (int k = 0; k < keys; k++) {
                String key = "sensor-" + (k + 1);
                boolean first = left[k] == 0;
                if (first) {
                    left[k] = 5 + random.nextInt(8);
                }
                DemoSamples.Sample sample = samples.next(k, first, random);
                left[k]--;
                seq[k]++;
                sent.computeIfAbsent(key, s -> new ConcurrentHashMap<>()).put(seq[k], sample);
                String json = "{\"key\":\"" + key + "\",\"x\":" + sample.x() + ",\"seq\":" + seq[k] + ",\"ts\":"
                        + System.currentTimeMillis() + (left[k] == 0 ? ",\"end\":true" : "") + "}";
                producer.send(new ProducerRecord<>(
                        topic, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        producer.close();
    }
}
