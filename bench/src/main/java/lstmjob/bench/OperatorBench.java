package lstmjob.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputRecord;
import lstmjob.codec.RawRecord;
import lstmjob.config.JobConfig;
import lstmjob.model.Model;
import lstmjob.pipeline.StepStage;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/**
 * The keyed operator without Kafka: records/s through the job's real decoder, keyBy and step operator on a local
 * MiniCluster at parallelism 1, fed by a generator of pre-encoded JSON samples cycling over N keys and drained by a
 * counting sink. Warm-up (JIT, and the first visit of every key, which creates its state) is excluded: the rate is
 * counted over the {@code seconds} that follow it.
 */
final class OperatorBench {

    /** How often the sink's counter is read while waiting. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** A job that emits nothing for this long after starting has a problem worth failing for. */
    private static final Duration FIRST_OUTPUT_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param records  outputs counted in the window
     * @param window   the measured window
     * @param warmUp   how long the warm-up before it lasted
     * @param warmUpRecords outputs during the warm-up
     * @param perStepCpuSecond    outputs per CPU-second of the step task's thread (NaN if the JVM cannot tell)
     * @param perProcessCpuSecond outputs per CPU-second of this whole JVM (NaN if the JVM cannot tell)
     * @param breakdown where the window's time went; null unless asked for
     */
    record Result(
            double recordsPerSecond,
            long records,
            Duration window,
            Duration warmUp,
            long warmUpRecords,
            double perStepCpuSecond,
            double perProcessCpuSecond,
            CostBreakdown.Result breakdown) {}

    /** The step task's thread; its name starts with the operator's name. */
    static final String STEP_THREAD = "step";

    private OperatorBench() {}

    /**
     * Measures the job's step path with the state backend of {@code c}. The warm-up lasts until every key has been
     * visited once and half of {@code seconds} has passed, but at most {@code seconds}.
     */
    static Result run(
            JobConfig c,
            Model model,
            BenchStep step,
            int keys,
            Duration seconds,
            Path work,
            Map<String, String> flinkOverrides,
            boolean breakdown,
            BenchProgress progress)
            throws Exception {
        Configuration conf = BenchFlink.configuration(c, work, flinkOverrides);
        String counter = "operator-" + UUID.randomUUID();
        try (LocalCluster cluster = LocalCluster.start(conf, c.parallelism())) {
            StreamExecutionEnvironment env = BenchFlink.environment(c, conf);
            build(env, c, model, step.operator(c), keys, CountingSink.named(counter));
            JobID job = cluster.submit(
                    env,
                    "lstm-job bench: operator, " + (step.isJob() ? "" : "no model, ")
                            + (c.rocksdb() ? "rocksdb" : "heap"));
            try {
                return measure(cluster, job, counter, keys, seconds, breakdown ? work : null, progress);
            } finally {
                cluster.cancel(job);
            }
        } finally {
            CountingSink.forget(counter);
        }
    }

    /**
     * generator → decode → keyBy(key) → {@code step} ({@link StepStage}, as in the Kafka job) → counting sink;
     * the step is the job's operator or the no-model one.
     */
    static void build(
            StreamExecutionEnvironment env,
            JobConfig c,
            Model model,
            OneInputStreamOperator<InputRecord, EncodedRecord> step,
            int keys,
            CountingSink<EncodedRecord> sink) {
        DataGeneratorSource<RawRecord> generator = new DataGeneratorSource<>(
                new GeneratedRecords(keys, model.inputSize()),
                Long.MAX_VALUE,
                RateLimiterStrategy.noOp(),
                TypeInformation.of(RawRecord.class));
        DataStream<RawRecord> raw = env.fromSource(generator, WatermarkStrategy.noWatermarks(), "generator")
                .uid("samples-source");
        StepStage.apply(raw, model, c.maxRecordBytes(), c.maxKeyBytes(), step)
                .outputs()
                .sinkTo(sink)
                .uid("counting-sink")
                .name("counting sink");
    }

    /** @param profileIn where a breakdown's recording goes; null for none */
    private static Result measure(
            LocalCluster cluster,
            JobID job,
            String counter,
            int keys,
            Duration seconds,
            Path profileIn,
            BenchProgress progress)
            throws Exception {
        long deadline = System.nanoTime() + FIRST_OUTPUT_TIMEOUT.toNanos();
        while (CountingSink.count(counter) == 0) {
            cluster.requireRunning(job);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the operator bench job produced no output in " + FIRST_OUTPUT_TIMEOUT);
            }
            progress.detail("starting the job");
            sleep();
        }
        long warmStart = System.nanoTime();
        long minWarm = seconds.toNanos() / 2;
        long maxWarm = seconds.toNanos();
        progress.detail(
                "warm-up: every key once, at least " + Duration.ofNanos(minWarm).toMillis() + " ms");
        while (true) {
            long elapsed = System.nanoTime() - warmStart;
            if (elapsed >= maxWarm || (elapsed >= minWarm && CountingSink.count(counter) >= keys)) {
                break;
            }
            progress.tick();
            sleep();
        }
        cluster.requireRunning(job);
        CostBreakdown profile = profileIn == null ? null : CostBreakdown.start(profileIn);
        long c0 = CountingSink.count(counter);
        long t0 = System.nanoTime();
        long step0 = CpuClock.threads(STEP_THREAD);
        long process0 = CpuClock.process();
        progress.detail("measuring");
        while (System.nanoTime() - t0 < seconds.toNanos()) {
            progress.tick();
            sleep();
        }
        long c1 = CountingSink.count(counter);
        long t1 = System.nanoTime();
        long step1 = CpuClock.threads(STEP_THREAD);
        long process1 = CpuClock.process();
        CostBreakdown.Result breakdown = profile == null ? null : profile.stop(c1 - c0);
        cluster.requireRunning(job);
        return new Result(
                (c1 - c0) * 1e9 / (t1 - t0),
                c1 - c0,
                Duration.ofNanos(t1 - t0),
                Duration.ofNanos(t0 - warmStart),
                c0,
                perCpuSecond(c1 - c0, step0, step1),
                perCpuSecond(c1 - c0, process0, process1),
                breakdown);
    }

    private static double perCpuSecond(long records, long cpu0, long cpu1) {
        return cpu0 < 0 || cpu1 <= cpu0 ? Double.NaN : records * 1e9 / (cpu1 - cpu0);
    }

    private static void sleep() throws InterruptedException {
        Thread.sleep(POLL.toMillis());
    }
}
