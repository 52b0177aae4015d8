package lstmjob.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import lstmjob.state.StateLayoutMismatchException;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaAndFlink;
import lstmjob.testing.KafkaJobRunner;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.OracleCases;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming a savepoint with another model file: a model of the same state layout continues every key; a model
 * of another layout is refused with a message naming the layers and sizes that differ; with
 * {@code --on-state-mismatch reset} each saved key restarts from zeros with a {@code model-changed} reset.
 */
class ModelUpgradeTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink();

    private static OracleCases.ModelCase find(String caseName, String file) {
        return OracleCases.all().stream()
                .filter(m -> m.caseName().equals(caseName) && m.modelFile().equals(file))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void upgradesFromASavepoint(@TempDir Path dir) throws Exception {
        OracleCases.ModelCase before = find("case-20", "model.keras"); // LSTM 14, 1, 16 over 4 inputs
        OracleCases.ModelCase sameLayout = find("case-20", "model.h5"); // the same model, another file and format
        OracleCases.ModelCase otherLayout = find("case-16", "model.keras"); // LSTM 56, 21, 15 over 4 inputs
        String name = "upgrade";
        env.createTopic(name + ".samples", 2);
        List<String> stream = Files.readAllLines(before.stream(), StandardCharsets.UTF_8);
        int half = stream.size() / 2;
        Map<String, String> settings =
                KafkaJobRunner.settings(env.bootstrapServers(), name, before.model(), dir.resolve("chk"));
        settings.put("parallelism", "1");
        KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", stream.subList(0, half));
        JobClient first = KafkaJobRunner.start(settings);
        KafkaTestSupport.readCommitted(env.bootstrapServers(), name + ".predictions", 1, Duration.ofSeconds(60));
        List<KafkaTestSupport.Message> firstOutputs = KafkaTestSupport.readCommittedUntilQuiet(
                env.bootstrapServers(), name + ".predictions", Duration.ofSeconds(3), Duration.ofSeconds(60));
        String savepoint = first.stopWithSavepoint(
                        false, dir.resolve("sp").toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        KafkaTestSupport.produceJsonLines(
                env.bootstrapServers(), name + ".samples", stream.subList(half, stream.size()));

        // 1. the same layout: every key continues as if uninterrupted
        settings.put("model", sameLayout.model().toString());
        settings.put("output-topic", name + ".same.predictions");
        Map<String, List<JsonNode>> expected = ExpectedOutputs.read(before.expected());
        int total = expected.values().stream().mapToInt(List::size).sum();
        JobClient same = KafkaJobRunner.start(settings, savepoint);
        try {
            List<KafkaTestSupport.Message> rest = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(),
                    name + ".same.predictions",
                    total - firstOutputs.size(),
                    Duration.ofSeconds(90));
            List<String> all = new java.util.ArrayList<>(KafkaTestSupport.values(firstOutputs));
            all.addAll(KafkaTestSupport.values(rest));
            ExpectedOutputs.assertMatches(expected, ExpectedOutputs.group(all), "continued with " + sameLayout);
        } finally {
            KafkaJobRunner.cancel(same);
        }

        // 2. another layout: refused, once, naming what differs
        settings.put("model", otherLayout.model().toString());
        settings.put("output-topic", name + ".refused.predictions");
        JobClient refused = KafkaJobRunner.start(settings, savepoint);
        ExecutionException failure = assertThrows(
                ExecutionException.class, () -> refused.getJobExecutionResult().get(120, TimeUnit.SECONDS));
        StateLayoutMismatchException why = ExceptionUtils.findThrowable(failure, StateLayoutMismatchException.class)
                .orElseThrow(() -> new AssertionError("no layout message in", failure));
        assertTrue(
                why.getMessage().matches(".*stateful layer 1: \\w+ \\(LSTM, 2 × 14\\) vs \\w+ \\(LSTM, 2 × 56\\).*"),
                why.getMessage());
        assertTrue(why.getMessage().contains("--on-state-mismatch reset"), why.getMessage());

        // 3. opted in: each saved key restarts from zeros, with one model-changed reset when it next appears
        settings.put("on-state-mismatch", "reset");
        settings.put("output-topic", name + ".reset.predictions");
        Map<String, Long> savedSteps = stepsAtSavepoint(firstOutputs);
        JobClient reset = KafkaJobRunner.start(settings, savepoint);
        try {
            List<KafkaTestSupport.Message> out = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".reset.predictions", 1, Duration.ofSeconds(90));
            out = KafkaTestSupport.readCommittedUntilQuiet(
                    env.bootstrapServers(), name + ".reset.predictions", Duration.ofSeconds(3), Duration.ofSeconds(60));
            Map<String, List<JsonNode>> byKey = ExpectedOutputs.group(KafkaTestSupport.values(out));
            Set<String> changed = new HashSet<>();
            for (Map.Entry<String, List<JsonNode>> e : byKey.entrySet()) {
                List<JsonNode> outs = e.getValue();
                long modelChanged = outs.stream()
                        .filter(n -> "model-changed".equals(n.path("reason").asText()))
                        .count();
                if (savedSteps.containsKey(e.getKey())) {
                    assertEquals(1, modelChanged, "one model-changed reset for saved key " + e.getKey());
                    JsonNode firstOut = outs.get(0);
                    assertEquals("model-changed", firstOut.path("reason").asText(), "it comes first: " + outs);
                    assertEquals(
                            savedSteps.get(e.getKey()).longValue(),
                            firstOut.path("steps").asLong());
                    JsonNode next = outs.get(1);
                    if ("prediction".equals(next.path("type").asText())) {
                        assertEquals(1, next.path("step").asLong(), "the key starts over: " + next);
                        assertEquals(12, next.path("y").size(), "the new model's 12 outputs");
                    }
                    changed.add(e.getKey());
                } else {
                    assertEquals(0, modelChanged, "a key the savepoint did not hold: " + e.getKey());
                }
            }
            assertTrue(changed.size() > 0, "some saved keys appeared again");
        } finally {
            KafkaJobRunner.cancel(reset);
        }
    }

    /** Each key's step count when the savepoint was taken, from the outputs before it. */
    private static Map<String, Long> stepsAtSavepoint(List<KafkaTestSupport.Message> outputs) {
        Map<String, Long> steps = new HashMap<>();
        for (KafkaTestSupport.Message m : outputs) {
            JsonNode n = ExpectedOutputs.parse(m.value());
            steps.put(
                    n.path("key").asText(),
                    "reset".equals(n.path("type").asText()) ? 0 : n.path("step").asLong());
        }
        return steps;
    }
}
