package lstmjob.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the job's predictions back as a user's consumer would (read_committed for exactly-once output), on its
 * own thread: counts them with the time each poll made them readable, and, once told which records are timed,
 * records each one's latency from its send to this read.
 */
final class OutputReader implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(60);

    /** (nanoTime, records readable so far, this JVM's CPU nanoseconds) after every poll that returned records. */
    private final List<long[]> progress = new ArrayList<>();

    private final AtomicLong count = new AtomicLong();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private final boolean fromEnd;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile Latencies latencies;
    private volatile Throwable failure;
    private boolean closed;

    /**
     * The timed records: seq {@code firstSeq + i} was sent at {@code sendNanos[i]}; the first {@code skip} are
     * warm-up.
     */
    private record Latencies(long firstSeq, AtomicLongArray sendNanos, int skip, Histogram micros, AtomicLong seen) {}

    /**
     * Starts reading; returns once the reader's position is fixed, so that nothing written after this returns is
     * missed.
     *
     * @param counting  only counting a backlog: fetch in large batches (up to 50 ms late), so that the reader and the
     *                  broker spend little CPU beside the job; otherwise every record as soon as it is readable
     * @param fromEnd   start at the end of the topic (what is readable now is skipped); otherwise at the beginning
     */
    OutputReader(String bootstrapServers, String topic, boolean readCommitted, boolean counting, boolean fromEnd)
            throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "lstm-job-bench-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (counting) {
            p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(1 << 20));
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        }
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.fromEnd = fromEnd;
        this.thread = new Thread(this::read, "bench-output-reader");
        this.thread.setDaemon(true);
        this.thread.start();
        if (!positioned.await(POSITION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            check();
            throw new IllegalStateException(
                    "the bench's reader of " + topic + " found no position in " + POSITION_TIMEOUT);
        }
        check();
    }

    long count() {
        check();
        return count.get();
    }

    /** A copy of the (nanoTime, count, process CPU nanoseconds) points so far. */
    List<long[]> progress() {
        check();
        synchronized (progress) {
            return new ArrayList<>(progress);
        }
    }

    /**
     * From now on, times the records {@code firstSeq ..} whose send times the producer writes into
     * {@code sendNanos}.
     */
    void time(long firstSeq, AtomicLongArray sendNanos, int skip) {
        latencies = new Latencies(firstSeq, sendNanos, skip, new Histogram(3_600_000_000L, 3), new AtomicLong());
    }

    /** Timed records read so far, warm-up included. */
    long timedSeen() {
        check();
        Latencies l = latencies;
        return l == null ? 0 : l.seen().get();
    }

    /** The latencies in microseconds, warm-up excluded; read it after {@link #close()}. */
    Histogram latencyMicros() {
        return latencies.micros();
    }

    private void read() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            if (fromEnd) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            for (TopicPartition tp : partitions) {
                consumer.position(tp); // resolves the seek now
            }
            positioned.countDown();
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                Latencies l = latencies;
                if (l != null) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        time(l, r.value(), now);
                    }
                }
                long n = count.addAndGet(records.count());
                synchronized (progress) {
                    progress.add(new long[] {now, n, CpuClock.process()});
                }
            }
        } catch (WakeupException closing) {
            // close() woke us
        } catch (Throwable t) {
            failure = t;
        } finally {
            positioned.countDown();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static void time(Latencies l, byte[] value, long now) throws IOException {
        long i = seq(value) - l.firstSeq();
        if (i < 0 || i >= l.sendNanos().length()) {
            return;
        }
        l.seen().incrementAndGet();
        if (i >= l.skip()) {
            l.micros().recordValue(Math.max(0, (now - l.sendNanos().get((int) i)) / 1000));
        }
    }

    /** The output's {@code seq}, read with a streaming parser (no tree per record); -1 when it has none. */
    private static long seq(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("seq".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
            return -1;
        }
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("reading the bench's output failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
