package lstmjob.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaAndFlink;
import lstmjob.testing.KafkaJobRunner;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.Metrics;
import lstmjob.testing.OracleCases;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hidden-state operations through Kafka: get-state answers on the states topic, set-state makes a new key
 * continue exactly as the key its state came from, burn-in holds the first predictions, and an idle key expires
 * with a reset record and forgets its seq.
 */
class ControlRecordsKafkaTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink();

    /** case-7: LSTM → LSTM → GRU → Dense over 22 inputs: h and c states. */
    static final Path MODEL = OracleCases.root().resolve("case-7/model.keras");

    final Random random = new Random(11);

    private String x() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 22; i++) {
            sb.append(i == 0 ? "" : ",").append(Math.round((random.nextDouble() * 2 - 1) * 1000) / 1000.0);
        }
        return sb.append(']').toString();
    }

    private static List<JsonNode> read(String topic, int count) {
        List<JsonNode> out = new ArrayList<>();
        for (String v : KafkaTestSupport.values(
                KafkaTestSupport.readCommitted(env.bootstrapServers(), topic, count, Duration.ofSeconds(60)))) {
            out.add(ExpectedOutputs.parse(v));
        }
        assertEquals(count, out.size(), topic + ": " + out);
        return out;
    }

    @Test
    void getStateThenSetStateUnderANewKeyContinuesAsTheOldKey(@TempDir Path dir) throws Exception {
        String name = "control";
        env.createTopic(name + ".samples", 2);
        JobClient job = KafkaJobRunner.start(KafkaJobRunner.settings(env.bootstrapServers(), name, MODEL, dir));
        try {
            List<String> first = new ArrayList<>();
            for (int seq = 1; seq <= 5; seq++) {
                first.add("{\"key\":\"a\",\"seq\":" + seq + ",\"x\":" + x() + "}");
            }
            first.add("{\"key\":\"a\",\"seq\":6,\"type\":\"get-state\"}");
            first.add("{\"key\":\"never-seen\",\"type\":\"get-state\"}");
            KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", first);
            List<JsonNode> reports = read(name + ".states", 2);
            JsonNode a = reports.stream()
                    .filter(r -> r.path("key").asText().equals("a"))
                    .findFirst()
                    .orElseThrow();
            JsonNode unseen = reports.stream()
                    .filter(r -> r.path("key").asText().equals("never-seen"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("state", a.path("type").asText());
            assertEquals(5, a.path("step").asLong());
            assertEquals(5, a.path("seq").asLong(), "the last seq applied before the request");
            assertEquals(3, a.path("states").size(), "one entry per recurrent layer: " + a);
            assertEquals(33, a.path("states").get(0).path("c").size());
            assertEquals(0, unseen.path("step").asLong());
            unseen.path("states").forEach(l -> l.path("h").forEach(v -> assertEquals(0.0, v.asDouble())));

            List<String> second = new ArrayList<>();
            second.add("{\"type\":\"set-state\",\"key\":\"b\",\"step\":5,\"states\":" + a.path("states") + "}");
            for (int i = 0; i < 3; i++) {
                String x = x();
                second.add("{\"key\":\"a\",\"x\":" + x + "}");
                second.add("{\"key\":\"b\",\"x\":" + x + "}");
            }
            KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", second);
            Map<String, List<JsonNode>> outputs =
                    ExpectedOutputs.group(KafkaTestSupport.values(KafkaTestSupport.readCommitted(
                            env.bootstrapServers(), name + ".predictions", 5 + 3 + 3, Duration.ofSeconds(60))));
            List<JsonNode> fromA = outputs.get("a").subList(5, 8);
            List<JsonNode> fromB = outputs.get("b");
            assertEquals(3, fromB.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(fromA.get(i).path("y"), fromB.get(i).path("y"), "b continues exactly as a");
                assertEquals(6 + i, fromB.get(i).path("step").asLong());
            }
        } finally {
            KafkaJobRunner.cancel(job);
        }
    }

    @Test
    void burnInHoldsPredictionsAndIdleKeysExpire(@TempDir Path dir) throws Exception {
        String name = "burn-in-ttl";
        env.createTopic(name + ".samples", 2);
        Map<String, String> settings = KafkaJobRunner.settings(env.bootstrapServers(), name, MODEL, dir);
        settings.put("burn-in-steps", "2");
        settings.put("state-ttl", "1s");
        JobClient job = KafkaJobRunner.start(settings);
        try {
            List<String> xs = List.of(x(), x(), x(), x());
            List<String> before = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                before.add("{\"key\":\"c\",\"seq\":" + (10 + i) + ",\"x\":" + xs.get(i) + "}");
            }
            KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", before);
            // steps 1 and 2 are burn-in; then, idle for over a second, the key expires
            List<JsonNode> out = read(name + ".predictions", 3);
            assertEquals(3, out.get(0).path("step").asLong());
            assertEquals(4, out.get(1).path("step").asLong());
            assertEquals("reset", out.get(2).path("type").asText());
            assertEquals("expired", out.get(2).path("reason").asText());
            assertEquals(4, out.get(2).path("steps").asLong());

            // expiry forgot the seq: seq 1 is applied, from zeros, with burn-in again
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add("{\"key\":\"c\",\"seq\":" + (1 + i) + ",\"x\":" + xs.get(i) + "}");
            }
            KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", after);
            // ... and, idle again, the key expires again
            List<JsonNode> again = read(name + ".predictions", 5);
            assertEquals(3, again.get(3).path("step").asLong());
            assertEquals(
                    out.get(0).path("y"), again.get(3).path("y"), "the same inputs from zeros give the same output");
            assertEquals("expired", again.get(4).path("reason").asText());
            assertEquals(3, again.get(4).path("steps").asLong());
            Metrics.awaitCount(env.metrics(), job.getJobID(), "burnInSteps", 4);
            Metrics.awaitCount(env.metrics(), job.getJobID(), "expired", 2);
        } finally {
            KafkaJobRunner.cancel(job);
        }
    }
}
