package lstmjob.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import lstmjob.config.JobConfig;
import lstmjob.pipeline.JobTopics;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaAndFlink;
import lstmjob.testing.KafkaJobRunner;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.LogLines;
import lstmjob.testing.Repository;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics that do not exist yet, on a broker that does not create topics on first use: {@code create-topics} creates
 * the four with the partitions asked for; without it, {@code run} waits for its output topics and the source for its
 * samples topic, each saying so once per interval,
 * and a job started before its samples topic exists serves the topic's first sample once it appears, without a
 * single restart.
 */
class TopicsTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink(Map.of("auto.create.topics.enable", "false"));

    static final Path MODEL = Repository.root().resolve("example/running-count.keras");

    @Test
    void createTopicsCreatesTheFourTopicsAndTheJobServesASample(@TempDir Path dir) throws Exception {
        String name = "created";
        Map<String, String> settings = KafkaJobRunner.settings(env.bootstrapServers(), name, MODEL, dir);
        settings.put("create-topics", "true");
        settings.put("topic-partitions", "3");
        JobConfig c = JobConfig.resolve(null, settings);

        JobTopics.prepare(c);

        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(c.topics()).allTopicNames().get();
            for (String topic : c.topics()) {
                assertEquals(3, topics.get(topic).partitions().size(), topic + " created with 3 partitions");
            }
        }
        JobClient job = KafkaJobRunner.start(settings);
        try {
            KafkaTestSupport.produceJsonLines(
                    env.bootstrapServers(), c.inputTopic(), List.of("{\"key\":\"a\",\"seq\":1,\"x\":[1]}"));
            assertFirstPrediction(c.outputTopic());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutCreateTopicsTheJobWaitsForItsTopicsAndStartsWithoutARestart(@TempDir Path dir) throws Exception {
        String name = "awaited";
        Map<String, String> settings = KafkaJobRunner.settings(env.bootstrapServers(), name, MODEL, dir);
        JobConfig c = JobConfig.resolve(null, settings);
        try (LogLines log = new LogLines()) {
            // run waits, before submitting the job, for the topics its sinks write to
            CompletableFuture<Void> prepared = CompletableFuture.runAsync(() -> {
                try {
                    JobTopics.prepare(c);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            String outputsMissing = "waiting for topics " + name + ".predictions, " + name + ".dead-letters, " + name
                    + ".states to exist on " + env.bootstrapServers();
            await(() -> log.count(outputsMissing) >= 1, "the wait for the output topics is logged: " + log.messages());
            assertFalse(prepared.isDone(), "run waits while its output topics are missing");
            env.createTopic(c.outputTopic(), 2);
            env.createTopic(c.deadLetterTopic(), 1);
            env.createTopic(c.statesTopic(), 1);
            prepared.get(60, TimeUnit.SECONDS);

            // the job starts before its samples topic exists: the source waits for it, and says so
            JobClient job = KafkaJobRunner.start(settings);
            try {
                String inputMissing = "waiting for topic " + name + ".samples to exist on " + env.bootstrapServers();
                await(
                        () -> log.count(inputMissing) >= 2,
                        "the source says it waits, once per interval: " + log.messages());
                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS));

                long created = System.nanoTime();
                env.createTopic(c.inputTopic(), 2);
                KafkaTestSupport.produceJsonLines(
                        env.bootstrapServers(), c.inputTopic(), List.of("{\"key\":\"a\",\"seq\":1,\"x\":[1]}"));
                assertFirstPrediction(c.outputTopic());
                System.err.printf(
                        "TopicsTest: first prediction %d ms after the samples topic was created%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created));

                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS));
                assertEquals(0L, restarts(job), "the job never failed over");
                long lines = log.count(inputMissing);
                Thread.sleep(2 * JobTopics.INTERVAL.toMillis());
                assertEquals(lines, log.count(inputMissing), "no more waiting once the topic exists");
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertFirstPrediction(String topic) {
        List<String> out = KafkaTestSupport.values(
                KafkaTestSupport.readCommitted(env.bootstrapServers(), topic, 1, Duration.ofSeconds(60)));
        assertEquals(1, out.size(), topic + ": " + out);
        JsonNode p = ExpectedOutputs.parse(out.get(0));
        assertEquals("prediction", p.path("type").asText(), p.toString());
        assertEquals("a", p.path("key").asText(), p.toString());
        assertEquals(1, p.path("step").asLong(), p.toString());
        assertEquals(1, p.path("seq").asLong(), p.toString());
    }

    private static long restarts(JobClient job) {
        Map<String, Metric> found = env.metrics().findMetrics(job.getJobID(), "numRestarts");
        assertFalse(found.isEmpty(), "the JobManager's numRestarts metric");
        return found.values().stream()
                .mapToLong(m -> ((Number) ((Gauge<?>) m).getValue()).longValue())
                .sum();
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        return Admin.create(p);
    }

    /** Waits up to 60 s for a condition that the job reaches on its own. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }
}
