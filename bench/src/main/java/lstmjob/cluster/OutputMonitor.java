package lstmjob.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the job's output topic all along, as a downstream reader does (read_committed, from the beginning): keeps
 * every key's predictions for the verification, and times each fault's recovery as the predictions come in.
 */
final class OutputMonitor implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final LongSupplier sent;
    private final long lagBound;
    private final Map<String, KeyOutputs> byKey = new HashMap<>();
    private final List<Recovery> open = new CopyOnWriteArrayList<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong others = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stop;

    /**
     * @param sent     how many samples have been sent so far
     * @param lagBound a recovery has caught up when at most this many sent samples await their prediction
     */
    OutputMonitor(String bootstrap, String topic, LongSupplier sent, long lagBound) {
        this.topic = topic;
        this.sent = sent;
        this.lagBound = lagBound;
        this.consumer = new KafkaConsumer<>(readCommitted(bootstrap));
        this.thread = new Thread(this::run, "soak-output-monitor");
        thread.setDaemon(true);
    }

    /** A downstream reader's consumer settings: read_committed, assigned partitions, no offsets committed. */
    static Properties readCommitted(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return p;
    }

    OutputMonitor start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!stop) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    take(r.value());
                }
                long now = System.nanoTime();
                for (Recovery r : open) {
                    if (r.update(now, read.get(), sent.getAsLong(), lagBound)) {
                        open.remove(r);
                    }
                }
            }
        } catch (RuntimeException | IOException e) {
            failure.compareAndSet(null, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(String value) throws IOException {
        JsonNode o = JSON.readTree(value);
        if (!"prediction".equals(o.path("type").asText())) {
            others.incrementAndGet();
            return;
        }
        JsonNode y = o.path("y");
        float[] ys = new float[y.size()];
        for (int j = 0; j < ys.length; j++) {
            ys[j] = (float) y.get(j).asDouble();
        }
        synchronized (byKey) {
            byKey.computeIfAbsent(o.path("key").asText(), k -> new KeyOutputs())
                    .add(o.path("step").asInt(), ys);
        }
        read.incrementAndGet();
    }

    /**
     * Starts timing the recovery from a fault that strikes now; it counts predictions once {@link Recovery#struck}
     * says the fault has taken hold (those read before were committed before it).
     */
    Recovery faultNow(String fault) {
        Recovery r = new Recovery(fault, System.nanoTime());
        open.add(r);
        return r;
    }

    /** Predictions read so far. */
    long read() {
        check();
        return read.get();
    }

    /** Records that were not predictions (resets, say: the soak's input has none). */
    long others() {
        return others.get();
    }

    /** Waits until at least {@code n} predictions were read, or {@code timeout}; then {@code settle} longer. */
    void awaitRead(long n, Duration timeout, Duration settle) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (read() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(settle.toMillis());
        check();
    }

    /** Every key's predictions; call after {@link #close()}. */
    Map<String, KeyOutputs> byKey() {
        synchronized (byKey) {
            return byKey;
        }
    }

    private void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("reading the predictions failed: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
        check();
    }

    /** One fault's recovery: when the first new prediction came after it, and when the output caught up again. */
    static final class Recovery {

        final String fault;
        private final long at;
        private volatile long readAtFault = -1;
        private volatile long firstAfter = -1;
        private volatile long caughtUp = -1;

        Recovery(String fault, long at) {
            this.fault = fault;
            this.at = at;
        }

        /**
         * The fault has taken hold (the TaskManager is dead, the broker back, the job stopped): predictions read
         * from now on were committed after the fault.
         */
        void struck(OutputMonitor monitor) {
            readAtFault = monitor.read.get();
        }

        /** Returns true when done. */
        boolean update(long now, long read, long sent, long lagBound) {
            if (readAtFault < 0) {
                return false;
            }
            if (firstAfter < 0 && read > readAtFault) {
                firstAfter = now;
            }
            if (firstAfter >= 0 && caughtUp < 0 && sent - read <= lagBound) {
                caughtUp = now;
            }
            return caughtUp >= 0;
        }

        /** From the fault to the first prediction read after it; null when none came. */
        Duration toFirstPrediction() {
            return firstAfter < 0 ? null : Duration.ofNanos(firstAfter - at);
        }

        /** From the fault to the output's catching up with the input; null when it did not. */
        Duration toCaughtUp() {
            return caughtUp < 0 ? null : Duration.ofNanos(caughtUp - at);
        }

        boolean caughtUp() {
            return caughtUp >= 0;
        }
    }
}
