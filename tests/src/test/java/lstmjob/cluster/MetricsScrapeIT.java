package lstmjob.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Flink's Prometheus reporter on the cluster of {@code bin/flink-local}: with a job running, its JobManager and
 * TaskManagers serve every metric the Grafana dashboard queries ({@code conf/prometheus/metrics.txt}, which
 * bin/check-compose holds the dashboard to), and the job's own counters count what was sent: every sample a
 * prediction, every bad line a dead letter (of its reason's class), the replay dropped, the control reset; and
 * its measures are sane: latency and bundle fill quantiles, event-time lag, keys held, state bytes per key.
 */
@Tag("cluster")
@ExtendWith(LocalCluster.Extension.class)
class MetricsScrapeIT {

    static final int KEYS = 20;
    static final int STEPS = 10;
    static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    static final String JOB = "flink_jobmanager_job_";
    /**
     * Not JSON; x not an array; x of the wrong size (the example model takes 1 input, the fallback 6); no key; a
     * number beyond float32. The class of each, in order, is in {@link #BAD_CLASSES}.
     */
    static final List<String> BAD_LINES = List.of(
            "not json",
            "{\"key\":\"key-0001\",\"x\":\"one\"}",
            "{\"key\":\"key-0002\",\"x\":[1,2,3,4,5,6,7,8,9]}",
            "{\"seq\":1}",
            "{\"key\":\"key-0003\",\"x\":[1e400]}");

    static final Map<String, Integer> BAD_CLASSES = Map.of("not_json", 1, "bad_x", 2, "no_key", 1, "bad_number", 1);
    /** The classes of dead-letter reasons the job counts by; none of the bad lines is of the others. */
    static final List<String> ALL_CLASSES = List.of(
            "not_utf8",
            "not_json",
            "too_large",
            "limits",
            "no_key",
            "bad_key",
            "bad_x",
            "bad_number",
            "bad_field",
            "bad_type",
            "bad_states");

    @Test
    void servesTheDashboardsMetricsWithTheJobsCounts(LocalCluster cluster) throws Exception {
        Workload workload = new Workload(Workload.defaultModel(), KEYS, STEPS, 20261202L);
        ClusterJob job = new ClusterJob(cluster.kafka, cluster.flink, "metrics", workload.modelFile).createTopics();
        LocalFlink flink = cluster.flink;
        flink.ensureTaskManagers(1);

        List<String> lines = new ArrayList<>();
        for (int n = 0; n < workload.size(); n++) {
            lines.add(workload.record(n)[1]);
        }
        lines.addAll(BAD_LINES);
        lines.add(workload.record(0)[1]); // key-0000 seq 1 again: a replay, dropped
        long sentAt = System.currentTimeMillis(); // a control reset, at event time now: one reset record
        lines.add("{\"type\":\"reset\",\"key\":\"" + workload.key(0) + "\",\"ts\":" + sentAt + "}");

        String jobId = job.submit(1, null);
        try {
            flink.awaitRunning(jobId, Duration.ofMinutes(2));
            KafkaTestSupport.produceJsonLines(cluster.kafka.bootstrap(), job.samplesTopic(), lines);
            int outputs = workload.size() + 1;
            assertEquals(
                    outputs,
                    Predictions.readCommitted(
                                    cluster.kafka.bootstrap(),
                                    job.predictionsTopic(),
                                    outputs,
                                    Duration.ofMinutes(2),
                                    Duration.ofSeconds(2))
                            .size(),
                    "every prediction and the reset record");
            flink.awaitCheckpointAfter(jobId, 0, Duration.ofMinutes(1));

            List<String> endpoints = flink.metricsEndpoints();
            assertTrue(endpoints.size() >= 2, "the JobManager's and a TaskManager's endpoint: " + endpoints);
            PrometheusScrape scrape = LocalFlink.await(
                    "the job's counters and checkpoint metrics",
                    Duration.ofMinutes(1),
                    () -> PrometheusScrape.of(endpoints),
                    // RocksDB's estimate of the keys may lag the records a moment: wait for it as for the counters
                    s -> s.sum(OPERATOR + "deadLetters", jobId) >= BAD_LINES.size()
                            && s.sum(JOB + "numberOfCompletedCheckpoints", jobId) >= 1
                            && s.sum(OPERATOR + "key_state_rocksdb_estimate_num_keys", jobId) > 0);

            Set<String> missing = new TreeSet<>(dashboardMetrics());
            missing.removeAll(scrape.namesOf(jobId));
            assertTrue(
                    missing.isEmpty(),
                    "metrics the dashboard queries that the job does not export: " + missing + "\nit exports: "
                            + scrape.namesOf(jobId));

            assertEquals(workload.size(), scrape.sum(OPERATOR + "predictions", jobId), "predictions");
            assertEquals(BAD_LINES.size(), scrape.sum(OPERATOR + "deadLetters", jobId), "dead letters");
            assertEquals(1, scrape.sum(OPERATOR + "replaysDropped", jobId), "replays dropped");
            assertEquals(1, scrape.sum(OPERATOR + "resets", jobId), "resets");
            assertEquals(0, scrape.sum(OPERATOR + "expired", jobId), "expired keys");
            assertEquals(0, scrape.sum(OPERATOR + "burnInSteps", jobId), "burn-in steps");
            assertEquals(0, scrape.sum(JOB + "numRestarts", jobId), "restarts");
            assertTrue(scrape.sum(JOB + "lastCheckpointSize", jobId) > 0, "the last checkpoint's size");
            assertTrue(scrape.sum(JOB + "lastCheckpointDuration", jobId) >= 0, "the last checkpoint's duration");
            assertTrue(scrape.sum(OPERATOR + "pendingRecords", jobId) >= 0, "records not read yet");

            for (String reason : ALL_CLASSES) {
                assertEquals(
                        (double) BAD_CLASSES.getOrDefault(reason, 0),
                        scrape.sum(OPERATOR + "deadLettersBy_reason_count", jobId, "reason", reason),
                        "dead letters of reason " + reason);
            }
            assertQuantiles(scrape, OPERATOR + "predictionLatencyMs", jobId, 0, 60_000);
            assertEquals(
                    workload.size(),
                    scrape.sum(OPERATOR + "predictionLatencyMs_count", jobId),
                    "a latency per sample record applied");
            assertQuantiles(scrape, OPERATOR + "bundleRows", jobId, 0, 64); // the bundle size
            double lag = scrape.sum(OPERATOR + "eventTimeLagMs", jobId);
            assertTrue(
                    lag >= 0 && lag < System.currentTimeMillis() - sentAt + 1000,
                    "event-time lag since the reset's ts: " + lag);
            assertTrue(scrape.sum(OPERATOR + "key_state_rocksdb_estimate_num_keys", jobId) > 0, "keys held");
            // the state as the job writes it: a 33-byte header (flags, layout, steps, seq, activity, float count)
            // and the model's recurrent state in float32
            assertEquals(
                    33 + 4 * workload.model.stateLayout().floats(),
                    scrape.sum(OPERATOR + "stateBytesPerKey", jobId),
                    "state bytes per key");

            // the JobManager's endpoint comes first and serves the job-level metrics; TaskManagers the task-level
            String jobManager = endpoints.get(0);
            assertTrue(scrape.namesAt(jobManager).contains(JOB + "numRestarts"), jobManager + " is the JobManager's");
            assertFalse(scrape.namesAt(jobManager).contains(OPERATOR + "predictions"), jobManager);
            assertTrue(
                    endpoints.subList(1, endpoints.size()).stream()
                            .anyMatch(e -> scrape.namesAt(e).contains(OPERATOR + "predictions")),
                    "a TaskManager's endpoint");
        } finally {
            flink.cancelAtEnd(jobId);
        }
    }

    /** A histogram's quantiles, as Flink's reporter exports them, each above {@code low} and at most {@code high}. */
    private static void assertQuantiles(PrometheusScrape scrape, String name, String jobId, double low, double high) {
        List<PrometheusScrape.Sample> quantiles = scrape.samples(name, "job_id", jobId)
                .filter(s -> s.labels().containsKey("quantile"))
                .toList();
        assertFalse(quantiles.isEmpty(), name + " has quantiles");
        for (PrometheusScrape.Sample q : quantiles) {
            assertTrue(
                    q.value() > low && q.value() <= high,
                    name + " quantile " + q.labels().get("quantile") + ": " + q.value());
        }
    }

    /** conf/prometheus/metrics.txt: the metric names the Grafana dashboard queries. */
    private static List<String> dashboardMetrics() throws Exception {
        Path list = Repository.root().resolve("conf/prometheus/metrics.txt");
        return Files.readAllLines(list, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
