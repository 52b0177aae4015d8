package lstmjob.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Upgrading the model as an operator does it: {@code bin/flink stop --savepointPath}, then
 * {@code bin/flink run -d -s SAVEPOINT ... --model OTHER}. From one savepoint, three resumes, each writing to its
 * own predictions topic: a model of the same state layout continues every key exactly (the oracle's expected
 * output of the uninterrupted stream); a model of another layout is refused, the job FAILED once (no restart
 * loop) with a message naming the layers and sizes that differ; with {@code --on-state-mismatch reset} each saved
 * key restarts from zeros after one {@code model-changed} reset.
 */
@Tag("cluster")
@ExtendWith(LocalCluster.Extension.class)
class ModelUpgradeIT {

    private static final Pattern LAYOUT_MESSAGE =
            Pattern.compile("stateful layer 1: \\w+ \\(LSTM, 2 × 14\\) vs \\w+ \\(LSTM, 2 × 56\\)");

    @Test
    void resumesASavepointWithAnotherModel(LocalCluster cluster) throws Exception {
        OracleCases.ModelCase before = find("case-20", "model.keras"); // LSTM 14, 1, 16 over 4 inputs
        OracleCases.ModelCase sameLayout = find("case-20", "model.h5"); // the same model, another format
        OracleCases.ModelCase otherLayout = find("case-16", "model.keras"); // LSTM 56, 21, 15 over 4 inputs
        String bootstrap = cluster.kafka.bootstrap();
        LocalFlink flink = cluster.flink;
        flink.ensureTaskManagers(1);
        ClusterJob job = new ClusterJob(cluster.kafka, cluster.flink, "upgrade", before.model()).createTopics();
        ClusterJob same = job.withModel(sameLayout.model(), "same");
        ClusterJob refused = job.withModel(otherLayout.model(), "refused");
        ClusterJob reset = job.withModel(otherLayout.model(), "reset", "--on-state-mismatch", "reset");
        for (ClusterJob resumed : List.of(same, refused, reset)) {
            cluster.kafka.createTopic(resumed.predictionsTopic(), 4);
        }
        List<String> stream = Files.readAllLines(before.stream(), StandardCharsets.UTF_8);
        int half = stream.size() / 2;
        KafkaTestSupport.produceJsonLines(bootstrap, job.samplesTopic(), stream.subList(0, half));

        String jobId = job.submit(1, null);
        String savepoint;
        try {
            flink.awaitRunning(jobId, Duration.ofMinutes(2));
            // the first half's outputs committed, so that the savepoint holds those keys
            assertFalse(
                    KafkaTestSupport.readCommitted(bootstrap, job.predictionsTopic(), 1, Duration.ofSeconds(60))
                            .isEmpty(),
                    "the first job's predictions");
            KafkaTestSupport.readCommittedUntilQuiet(
                    bootstrap, job.predictionsTopic(), Duration.ofSeconds(3), Duration.ofSeconds(60));
            savepoint = flink.stopWithSavepoint(jobId);
        } catch (AssertionError | RuntimeException e) {
            flink.cancelAtEnd(jobId);
            throw e;
        }
        // stopped: everything the first job wrote is committed, so this is each key's state in the savepoint
        List<String> firstOutputs = KafkaTestSupport.values(KafkaTestSupport.readCommittedUntilQuiet(
                bootstrap, job.predictionsTopic(), Duration.ofSeconds(2), Duration.ofSeconds(30)));
        KafkaTestSupport.produceJsonLines(bootstrap, job.samplesTopic(), stream.subList(half, stream.size()));

        // 1. the same layout: every key continues as if uninterrupted
        Map<String, List<JsonNode>> expected = ExpectedOutputs.read(before.expected());
        int total = expected.values().stream().mapToInt(List::size).sum();
        jobId = same.submit(1, savepoint);
        try {
            List<String> all = new ArrayList<>(firstOutputs);
            all.addAll(Predictions.readCommitted(
                    bootstrap,
                    same.predictionsTopic(),
                    total - firstOutputs.size(),
                    Duration.ofSeconds(90),
                    Duration.ofSeconds(3)));
            ExpectedOutputs.assertMatches(expected, ExpectedOutputs.group(all), before + " resumed with " + sameLayout);
        } finally {
            flink.cancelAtEnd(jobId);
        }

        // 2. another layout: the job fails once, naming the layers and sizes that differ, and writes nothing
        jobId = refused.submit(1, savepoint);
        String end;
        try {
            end = flink.awaitTerminal(jobId, Duration.ofMinutes(2));
        } catch (AssertionError | RuntimeException e) {
            flink.cancelAtEnd(jobId);
            throw e;
        }
        assertEquals("FAILED", end, "resumed with " + otherLayout);
        JsonNode failures = flink.exceptions(jobId);
        assertEquals(1, failures.size(), "one failure, no restart loop: " + failures);
        String trace = failures.get(0).path("stacktrace").asText();
        assertTrue(trace.contains("lstmjob.state.StateLayoutMismatchException"), trace);
        assertTrue(LAYOUT_MESSAGE.matcher(trace).find(), trace);
        assertTrue(trace.contains("--on-state-mismatch reset"), trace);
        assertEquals(0, Predictions.committedEnd(bootstrap, refused.predictionsTopic()), "no predictions");

        // 3. opted in: each saved key restarts from zeros, with one model-changed reset when it next appears
        Map<String, Long> savedSteps = stepsAtSavepoint(firstOutputs);
        jobId = reset.submit(1, savepoint);
        try {
            assertFalse(
                    KafkaTestSupport.readCommitted(bootstrap, reset.predictionsTopic(), 1, Duration.ofSeconds(90))
                            .isEmpty(),
                    "the reset job's outputs");
            List<String> out = KafkaTestSupport.values(KafkaTestSupport.readCommittedUntilQuiet(
                    bootstrap, reset.predictionsTopic(), Duration.ofSeconds(3), Duration.ofSeconds(60)));
            int changed = 0;
            for (Map.Entry<String, List<JsonNode>> e :
                    ExpectedOutputs.group(out).entrySet()) {
                List<JsonNode> outs = e.getValue();
                long modelChanged = outs.stream()
                        .filter(n -> "model-changed".equals(n.path("reason").asText()))
                        .count();
                if (!savedSteps.containsKey(e.getKey())) {
                    assertEquals(0, modelChanged, "a key the savepoint did not hold: " + e.getKey());
                    continue;
                }
                assertEquals(1, modelChanged, "one model-changed reset for saved key " + e.getKey() + ": " + outs);
                JsonNode first = outs.get(0);
                assertEquals("reset", first.path("type").asText(), "it comes first: " + outs);
                assertEquals("model-changed", first.path("reason").asText(), "it comes first: " + outs);
                assertEquals(
                        savedSteps.get(e.getKey()).longValue(),
                        first.path("steps").asLong(),
                        "the steps the key had at the savepoint: " + first);
                JsonNode next = outs.size() > 1 ? outs.get(1) : null;
                if (next != null && "prediction".equals(next.path("type").asText())) {
                    assertEquals(1, next.path("step").asLong(), "the key starts over: " + next);
                    assertEquals(12, next.path("y").size(), "the new model's 12 outputs: " + next);
                }
                changed++;
            }
            assertTrue(changed > 0, "some saved keys appeared again: " + out);
        } finally {
            flink.cancelAtEnd(jobId);
        }
    }

    private static OracleCases.ModelCase find(String caseName, String file) {
        return OracleCases.all().stream()
                .filter(m -> m.caseName().equals(caseName) && m.modelFile().equals(file))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no oracle " + caseName + "/" + file));
    }

    /** Each key's step count when the savepoint was taken, from the first job's outputs (0 after a reset). */
    private static Map<String, Long> stepsAtSavepoint(List<String> outputs) {
        Map<String, Long> steps = new HashMap<>();
        for (String value : outputs) {
            JsonNode n = ExpectedOutputs.parse(value);
            steps.put(
                    n.path("key").asText(),
                    "reset".equals(n.path("type").asText()) ? 0 : n.path("step").asLong());
        }
        return steps;
    }
}
