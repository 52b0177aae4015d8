package lstmjob.cluster;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a {@link SampleStream} to a topic at a steady rate from its own thread, as a live source would, so that the
 * job is mid-stream whenever the test interrupts it. Idempotent with acks=all: each key's records reach the
 * topic once and in order, across broker restarts too.
 */
public final class SteadyProducer implements AutoCloseable {

    private final SampleStream workload;
    private final String topic;
    private final int perSecond;
    private final KafkaProducer<String, String> producer;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile long startedAt;
    private volatile long finished;

    public SteadyProducer(String bootstrap, String topic, SampleStream workload, int perSecond) {
        this.workload = workload;
        this.topic = topic;
        this.perSecond = perSecond;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        // ride out a broker restart: keep retrying (in order) rather than fail records
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
        this.producer = new KafkaProducer<>(p);
        this.thread = new Thread(this::run, "steady-producer-" + topic);
        thread.setDaemon(true);
    }

    public SteadyProducer start() {
        thread.start();
        return this;
    }

    private void run() {
        long started = System.nanoTime();
        startedAt = started;
        try {
            for (int n = 0; n < workload.size() && failure.get() == null; n++) {
                long due = started + (long) n * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String[] r = workload.record(n);
                producer.send(new ProducerRecord<>(topic, r[0], r[1]), (meta, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acked.incrementAndGet();
                    }
                });
                sent.incrementAndGet();
            }
            finished = System.nanoTime();
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** How many records were sent so far. */
    public int sent() {
        return sent.get();
    }

    /** How long the sending took from start to the last record handed to the client (so far). */
    public Duration sendingTime() {
        long end = finished != 0 ? finished : System.nanoTime();
        return Duration.ofNanos(end - startedAt);
    }

    /** The share of the workload sent so far, 0..1. */
    public double progress() {
        return sent.get() / (double) workload.size();
    }

    /** Waits until at least {@code share} of the workload was sent. */
    public void awaitProgress(double share, Duration timeout) {
        awaitCount(
                "" + Math.round(share * 100) + " % of the samples sent",
                sent,
                (int) Math.ceil(share * workload.size()),
                timeout);
    }

    /** Waits until the broker has acknowledged every record. */
    public void awaitAllAcknowledged(Duration timeout) {
        awaitCount("all " + workload.size() + " samples acknowledged", acked, workload.size(), timeout);
    }

    private void awaitCount(String what, AtomicInteger counter, int target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.get() < target) {
            check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + timeout + " for " + what + "; got " + counter.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        check();
    }

    private void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("producing the samples failed: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
        producer.close(Duration.ofSeconds(10));
    }
}
