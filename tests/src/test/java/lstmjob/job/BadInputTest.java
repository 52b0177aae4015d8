package lstmjob.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Each class of bad input, mixed into a real stream on Kafka: it lands in the dead letters with a clear reason
 * and its topic/partition@offset, changes no state (the outputs stay Keras's, even though each bad record
 * carries a seq far above the key's, and some say end:true), the job keeps running, and a metric counts it.
 */
class BadInputTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink();

    /** Bad record → the words its dead letter's reason must contain. Key "k\"q" and 8 features are case-11's. */
    static Map<String, String> badRecords() {
        String x = "[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8]";
        String k = "\"key\":\"k\\\"q\"";
        String high = "\"seq\":99999999,\"end\":true";
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{" + k + ",\"x\":[0.1,0.2", "not JSON");
        bad.put("[0.1,0.2,0.3]", "not a JSON object");
        bad.put("{\"x\":" + x + "," + high + "}", "no key");
        bad.put("{\"key\":\"\",\"x\":" + x + "," + high + "}", "empty key");
        bad.put("{" + k + "," + high + "}", "no x");
        bad.put("{" + k + ",\"x\":[0.1,0.2]," + high + "}", "x has 2 features, the model expects 8");
        bad.put("{" + k + ",\"x\":[0.1,\"a\",0.3,0.4,0.5,0.6,0.7,0.8]," + high + "}", "x[1] is not a number");
        bad.put("{" + k + ",\"x\":[0.1,0.2,1e400,0.4,0.5,0.6,0.7,0.8]," + high + "}", "x[2] is not a finite");
        bad.put(
                "{" + k + ",\"x\":" + x + "," + high + ",\"meta\":" + "[".repeat(50) + "]".repeat(50) + "}",
                "nested too deeply");
        bad.put(
                "{" + k + ",\"x\":" + x + "," + high + ",\"pad\":\"" + "p".repeat(5000) + "\"}",
                "over the limit of 4096");
        bad.put("{" + k + ",\"x\":" + x + ",\"seq\":99999999.5}", "seq must be an integer");
        bad.put("{" + k + ",\"x\":" + x + "," + high + ",\"type\":\"explode\"}", "unknown type 'explode'");
        return bad;
    }

    @Test
    void badRecordsAreDeadLettersAndChangeNothing(@TempDir Path dir) throws Exception {
        OracleCases.ModelCase c = OracleCases.all().stream()
                .filter(m -> m.caseName().equals("case-11") && m.modelFile().equals("model.h5"))
                .findFirst()
                .orElseThrow();
        String name = "bad-input";
        env.createTopic(name + ".samples", 2);
        Map<String, String> bad = badRecords();
        List<String> stream = Files.readAllLines(c.stream(), StandardCharsets.UTF_8);
        List<String> mixed = new ArrayList<>();
        List<String> badLines = new ArrayList<>(bad.keySet());
        for (int i = 0; i < stream.size(); i++) {
            mixed.add(stream.get(i));
            if (i % 5 == 0 && i / 5 < badLines.size()) {
                mixed.add(badLines.get(i / 5));
            }
        }
        assertTrue(mixed.containsAll(badLines), "every bad record is in the stream");
        KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", mixed);

        Map<String, String> settings = KafkaJobRunner.settings(env.bootstrapServers(), name, c.model(), dir);
        settings.put("max-record-bytes", "4096");
        Map<String, List<JsonNode>> expected = ExpectedOutputs.read(c.expected());
        int expectedCount = expected.values().stream().mapToInt(List::size).sum();
        JobClient job = KafkaJobRunner.start(settings);
        try {
            List<KafkaTestSupport.Message> dead = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".dead-letters", bad.size(), Duration.ofSeconds(90));
            List<KafkaTestSupport.Message> outputs = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".predictions", expectedCount, Duration.ofSeconds(60));
            ExpectedOutputs.assertMatches(
                    expected,
                    ExpectedOutputs.group(KafkaTestSupport.values(outputs)),
                    "outputs with bad records mixed in");

            Map<String, KafkaTestSupport.Message> input = new HashMap<>();
            for (KafkaTestSupport.Message m : KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".samples", mixed.size(), Duration.ofSeconds(30))) {
                input.put(name + ".samples/" + m.partition() + "@" + m.offset(), m);
            }
            assertEquals(bad.size(), dead.size(), "one dead letter per bad record");
            for (KafkaTestSupport.Message m : dead) {
                JsonNode d = ExpectedOutputs.parse(m.value());
                KafkaTestSupport.Message origin = input.get(d.path("source").asText());
                assertNotNull(origin, "the dead letter names the record's topic/partition@offset: " + m.value());
                String raw = origin.value();
                assertTrue(bad.containsKey(raw), "only bad records are dead letters: " + raw);
                assertEquals(raw, d.path("raw").asText(), "the dead letter keeps the record");
                String reason = d.path("error").asText();
                assertTrue(reason.contains(bad.get(raw)), "reason for " + raw + ": " + reason);
            }
            Metrics.awaitCount(env.metrics(), job.getJobID(), "deadLetters", bad.size());
        } finally {
            KafkaJobRunner.cancel(job);
        }
    }
}
