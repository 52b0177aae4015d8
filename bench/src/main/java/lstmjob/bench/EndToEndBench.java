package lstmjob.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import lstmjob.config.JobConfig;
import lstmjob.config.JobSettings;
import lstmjob.model.Model;
import lstmjob.pipeline.KafkaJob;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job end to end through a real Kafka broker, in one delivery mode: the real Kafka job ({@link KafkaJob}) on a
 * local MiniCluster at parallelism 1, a producer and a consumer like a user's.
 *
 * <p>Sustained rate: the input topic is pre-filled, the job started, and the predictions counted as they become
 * readable; the rate is taken from the moment a tenth of them is readable (the job's start and first JIT
 * compilation excluded) to the moment all are, or {@code seconds} later. Exactly-once output becomes readable only
 * when a checkpoint commits it, so there the rate is measured between commits.
 *
 * <p>Latency: with the same job caught up, samples are produced at a fixed rate, each carrying its seq; the
 * consumer times each prediction from just before its sample was handed to the producer to when the consumer read
 * it. The first half-{@code seconds} of samples are warm-up and not counted.
 */
final class EndToEndBench {

    /** What the sustained rate's window spans, normally. */
    static final String STANDARD_WINDOW = "from a tenth readable to all";

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /**
     * After the last sample is produced, how long its prediction may take to arrive, beyond the checkpoint interval.
     */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(30);

    /**
     * @param rate   predictions/s while draining the pre-filled topic
     * @param window the time the rate was measured over
     * @param from   what that window spans
     * @param perCpuSecond predictions per CPU-second of this JVM over the window (broker too, when it runs here)
     * @param breakdown where the time went while draining, from a tenth readable to all; null unless asked for
     */
    record Sustained(double rate, Duration window, String from, double perCpuSecond, CostBreakdown.Result breakdown) {}

    /**
     * @param sustained      the pre-filled samples' predictions becoming readable
     * @param prefilled      records pre-filled
     * @param rate           samples/s produced for the latency measurement
     * @param latencyMicros  latencies of the timed records, in µs; null when latency was not measured
     * @param timed          timed records sent (warm-up excluded)
     * @param missing        timed records whose prediction was not read in time (not in the histogram)
     */
    record Result(
            Sustained sustained, long prefilled, double rate, Histogram latencyMicros, long timed, long missing) {}

    private EndToEndBench() {}

    /**
     * @param settings the job's settings (file and flags); topics, group, delivery and the like are set here
     * @param step     the keyed step operator: the job's, or the no-model one (then no latency is measured)
     * @param rate     samples/s for the latency run, or null for half the sustained rate measured here
     * @param breakdown whether to profile the sustained window
     */
    static Result run(
            String bootstrapServers,
            Map<String, String> settings,
            Path configFile,
            boolean exactlyOnce,
            Model model,
            BenchStep step,
            int keys,
            long prefill,
            Double rate,
            Duration seconds,
            Path work,
            Map<String, String> flinkOverrides,
            boolean breakdown,
            BenchProgress progress)
            throws Exception {
        String name = "lstm-bench-" + (exactlyOnce ? "eo-" : "alo-")
                + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put("bootstrap-servers", bootstrapServers);
        s.put("input-topic", name + ".samples");
        s.put("output-topic", name + ".predictions");
        s.put("dead-letter-topic", name + ".dead-letters");
        s.put("states-topic", name + ".states");
        s.put("group-id", name);
        s.put("transactional-id-prefix", name);
        s.put("starting-offsets", "earliest");
        s.put("parallelism", "1");
        s.put("delivery", exactlyOnce ? "exactly-once" : "at-least-once");
        s.put("checkpoint-dir", work.resolve(name + "-checkpoints").toUri().toString());
        JobConfig c = Bench.settings(configFile, s);

        SampleRecords records = new SampleRecords(keys, model.inputSize(), 11);
        try (BenchTopics topics = new BenchTopics(bootstrapServers)) {
            topics.create(c.inputTopic(), 2);
            topics.create(c.outputTopic(), 2);
            topics.create(c.deadLetterTopic(), 1);
            topics.create(c.statesTopic(), 1);
            progress.detail("pre-filling " + prefill + " samples");
            try (SampleProducer bulk = new SampleProducer(bootstrapServers, c.inputTopic(), records, true)) {
                bulk.sendAll(1, prefill, progress);
            }
            Configuration conf = BenchFlink.configuration(c, work, flinkOverrides);
            try (LocalCluster cluster = LocalCluster.start(conf, 1)) {
                StreamExecutionEnvironment env = BenchFlink.environment(c, conf);
                KafkaJob.build(env, c, model, step.operator(c));
                JobID job = null;
                try {
                    Sustained sustained;
                    // two readers: the backlog is counted in large fetches, the timed records read one by one
                    try (OutputReader counting =
                            new OutputReader(bootstrapServers, c.outputTopic(), exactlyOnce, true, false)) {
                        long submitted = System.nanoTime();
                        job = cluster.submit(env, "lstm-job bench: end to end, " + c.get(JobSettings.DELIVERY));
                        sustained = sustained(
                                cluster, job, submitted, counting, prefill, breakdown ? work : null, progress);
                    }
                    if (!step.isJob()) {
                        return new Result(sustained, prefill, Double.NaN, null, 0, 0);
                    }
                    try (OutputReader timing =
                            new OutputReader(bootstrapServers, c.outputTopic(), exactlyOnce, false, true)) {
                        double r = rate != null ? rate : Math.max(1, sustained.rate() / 2);
                        long[] latency = latency(
                                cluster, job, timing, bootstrapServers, c, records, prefill + 1, r, seconds, progress);
                        return new Result(sustained, prefill, r, timing.latencyMicros(), latency[0], latency[1]);
                    }
                } finally {
                    if (job != null) {
                        cluster.cancel(job);
                    }
                }
            }
        }
    }

    /**
     * The rate at which the pre-filled samples' predictions became readable, from when a tenth of them was
     * (excluding the job's start and first compilation) to when all were; returns once all are.
     */
    private static Sustained sustained(
            LocalCluster cluster,
            JobID job,
            long submitted,
            OutputReader reader,
            long prefill,
            Path profileIn,
            BenchProgress progress)
            throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        progress.detail("starting the job");
        while (reader.count() == 0) {
            cluster.requireRunning(job);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "no prediction was readable " + START_TIMEOUT + " after starting the " + "end-to-end job");
            }
            progress.tick();
            Thread.sleep(POLL.toMillis());
        }
        progress.detail("draining " + prefill + " pre-filled samples");
        // generous: a slow machine may drain slowly, but a stuck job must not hang the bench
        long drainDeadline = System.nanoTime() + Math.max(START_TIMEOUT.toNanos(), prefill * 1_000_000L);
        CostBreakdown profile = null;
        long profiledFrom = 0;
        while (reader.count() < prefill) {
            if (profileIn != null && profile == null && reader.count() >= prefill / 10) {
                profiledFrom = reader.count();
                profile = CostBreakdown.start(profileIn);
            }
            cluster.requireRunning(job);
            if (System.nanoTime() > drainDeadline) {
                throw new IllegalStateException("the end-to-end job had made " + reader.count() + " of " + prefill
                        + " predictions readable in "
                        + Duration.ofNanos(Math.max(START_TIMEOUT.toNanos(), prefill * 1_000_000L))
                        + " after its first one");
            }
            progress.tick();
            Thread.sleep(POLL.toMillis());
        }
        CostBreakdown.Result breakdown = profile == null ? null : profile.stop(reader.count() - profiledFrom);
        List<long[]> points = reader.progress();
        long[] last = firstReaching(points, prefill);
        long[] first = firstReaching(points, prefill / 10);
        String from = STANDARD_WINDOW;
        if (first[0] == last[0]) {
            first = points.get(0);
            from = "from the first readable to all";
        }
        if (first[0] == last[0]) {
            // all became readable at once (one exactly-once commit): only the job's start bounds the time
            first = new long[] {submitted, 0, -1};
            from = "from submitting the job to all readable, its start included";
        }
        double perCpu =
                first[2] < 0 || last[2] <= first[2] ? Double.NaN : (last[1] - first[1]) * 1e9 / (last[2] - first[2]);
        return new Sustained(
                (last[1] - first[1]) * 1e9 / (last[0] - first[0]),
                Duration.ofNanos(last[0] - first[0]),
                from,
                perCpu,
                breakdown);
    }

    private static long[] firstReaching(List<long[]> points, long count) {
        for (long[] p : points) {
            if (p[1] >= Math.max(1, count)) {
                return p;
            }
        }
        return null;
    }

    /** Produces at {@code rate} for warm-up + {@code seconds}; returns {timed records, missing}. */
    private static long[] latency(
            LocalCluster cluster,
            JobID job,
            OutputReader reader,
            String bootstrapServers,
            JobConfig c,
            SampleRecords records,
            long firstSeq,
            double rate,
            Duration seconds,
            BenchProgress progress)
            throws Exception {
        double warmSeconds = Math.max(0.5, seconds.toMillis() / 2000.0);
        int skip = (int) Math.ceil(rate * warmSeconds);
        int total = skip + Math.max(1, (int) Math.round(rate * seconds.toMillis() / 1000.0));
        AtomicLongArray sendNanos = new AtomicLongArray(total);
        reader.time(firstSeq, sendNanos, skip);
        progress.detail(String.format(java.util.Locale.ROOT, "latency at %,.0f samples/s", rate));
        Throwable[] producerFailure = new Throwable[1];
        Thread producer = new Thread(
                () -> {
                    try (SampleProducer p = new SampleProducer(bootstrapServers, c.inputTopic(), records, false)) {
                        p.sendAtRate(firstSeq, rate, sendNanos);
                    } catch (Throwable t) {
                        producerFailure[0] = t;
                    }
                },
                "bench-fixed-rate-producer");
        producer.start();
        while (producer.isAlive()) {
            cluster.requireRunning(job);
            progress.tick();
            producer.join(POLL.toMillis());
        }
        if (producerFailure[0] != null) {
            throw new IllegalStateException(
                    "the fixed-rate producer failed: " + producerFailure[0], producerFailure[0]);
        }
        long deadline = System.nanoTime() + c.checkpointInterval().toNanos() + DRAIN_GRACE.toNanos();
        while (reader.timedSeen() < total && System.nanoTime() < deadline) {
            cluster.requireRunning(job);
            progress.tick();
            Thread.sleep(POLL.toMillis());
        }
        reader.close();
        long timed = total - skip;
        return new long[] {timed, timed - reader.latencyMicros().getTotalCount()};
    }
}
