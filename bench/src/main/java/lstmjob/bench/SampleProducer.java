package lstmjob.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the bench's samples to the input topic, record {@code seq} (from 1) for key {@code (seq - 1) mod keys},
 * with {@code seq} (so that it names the record on its way back) and {@code ts} = the send time, keyed by the
 * sample's key as the contract asks.
 */
final class SampleProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SampleRecords records;
    private final byte[][] keyBytes;
    private volatile Exception failure;

    /**
     * @param bulk for pre-filling: large batches and a longer linger; otherwise the client's defaults (a user's
     *             producer), which the latency figures then include
     */
    SampleProducer(String bootstrapServers, String topic, SampleRecords records, boolean bulk) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "lstm-job-bench-" + (bulk ? "prefill" : "fixed-rate"));
        if (bulk) {
            p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        }
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.records = records;
        this.keyBytes = new byte[records.keys()][];
        for (int k = 0; k < keyBytes.length; k++) {
            keyBytes[k] = SampleRecords.key(k).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Sends records {@code firstSeq .. firstSeq + count - 1} as fast as the client takes them, then flushes. */
    void sendAll(long firstSeq, long count, BenchProgress progress) {
        for (long i = 0; i < count; i++) {
            send(firstSeq + i);
            if ((i & 0xffff) == 0) {
                progress.tick();
            }
        }
        flush();
    }

    /**
     * Sends {@code sendNanos.length()} records from {@code firstSeq} at {@code perSecond}, evenly spaced, noting each
     * one's {@link System#nanoTime()} just before it is handed to the client. Falls behind rather than skipping
     * when the machine cannot keep up.
     */
    void sendAtRate(long firstSeq, double perSecond, AtomicLongArray sendNanos) {
        long start = System.nanoTime();
        double interval = 1e9 / perSecond;
        for (int i = 0; i < sendNanos.length(); i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait);
            }
            sendNanos.set(i, System.nanoTime());
            send(firstSeq + i);
        }
        flush();
    }

    private void send(long seq) {
        int k = (int) ((seq - 1) % records.keys());
        producer.send(
                new ProducerRecord<>(topic, keyBytes[k], records.withSeq(k, seq, System.currentTimeMillis())),
                (metadata, e) -> {
                    if (e != null && failure == null) {
                        failure = e;
                    }
                });
    }

    /** Flushes, and fails if any record could not be written. */
    private void flush() {
        producer.flush();
        if (failure != null) {
            throw new IllegalStateException(
                    "the bench could not write its samples to " + topic + ": " + failure, failure);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
