package lstmjob.runningcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lstmjob.Main;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaAndFlink;
import lstmjob.testing.KafkaJobRunner;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.Repository;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's save-the-states workflow on the shipped model, through Kafka and a savepoint: after [1,1,1],
 * the key's state is exported, imported under a new key, and the new key fed [1,0,1] says about 4, 4, 5; a
 * set-state record with the same state gives the same.
 */
class RunningCountStatesTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink();

    @Test
    void exportedStateImportedUnderANewKeyCountsOn(@TempDir Path dir) throws Exception {
        Path model = Repository.root().resolve("example/running-count.keras");
        String name = "running-count";
        env.createTopic(name + ".samples", 2);
        Map<String, String> settings = KafkaJobRunner.settings(env.bootstrapServers(), name, model, dir.resolve("chk"));
        KafkaTestSupport.produceJsonLines(
                env.bootstrapServers(),
                name + ".samples",
                List.of(
                        "{\"key\":\"seed\",\"x\":[1],\"seq\":1}",
                        "{\"key\":\"seed\",\"x\":[1],\"seq\":2}",
                        "{\"key\":\"seed\",\"x\":[1],\"seq\":3}"));
        JobClient first = KafkaJobRunner.start(settings);
        List<JsonNode> counted = values(KafkaTestSupport.readCommitted(
                env.bootstrapServers(), name + ".predictions", 3, Duration.ofSeconds(60)));
        assertCounts(counted, 1, 2, 3);
        String savepoint = first.stopWithSavepoint(
                        false, dir.resolve("sp").toUri().toString(), SavepointFormatType.CANONICAL)
                .get();

        // export, rename the key, import into a savepoint of the stopped job
        Path exported = dir.resolve("states.jsonl");
        assertEquals(
                0,
                Main.commandLine()
                        .execute(
                                "states",
                                "export",
                                "--savepoint",
                                savepoint,
                                "--model",
                                model.toString(),
                                "--out",
                                exported.toString()));
        List<String> lines = Files.readAllLines(exported, StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), "one key: " + lines);
        ObjectNode seed = (ObjectNode) ExpectedOutputs.parse(lines.get(0));
        assertEquals(3, seed.path("step").asLong());
        Path renamed = dir.resolve("copy.jsonl");
        Files.writeString(renamed, seed.put("key", "copy").toString() + "\n");
        Path imported = dir.resolve("imported");
        assertEquals(
                0,
                Main.commandLine()
                        .execute(
                                "states",
                                "import",
                                "--in",
                                renamed.toString(),
                                "--model",
                                model.toString(),
                                "--out-savepoint",
                                imported.toString(),
                                "--from-savepoint",
                                savepoint));

        // the new key, and a key given the same state by a set-state record, both count on from 3
        KafkaTestSupport.produceJsonLines(
                env.bootstrapServers(),
                name + ".samples",
                List.of(
                        "{\"key\":\"copy\",\"x\":[1]}",
                        "{\"key\":\"copy\",\"x\":[0]}",
                        "{\"key\":\"copy\",\"x\":[1]}",
                        "{\"type\":\"set-state\",\"key\":\"direct\",\"step\":3,\"states\":" + seed.path("states") + "}",
                        "{\"key\":\"direct\",\"x\":[1]}",
                        "{\"key\":\"direct\",\"x\":[0]}",
                        "{\"key\":\"direct\",\"x\":[1]}"));
        JobClient resumed = KafkaJobRunner.start(settings, imported.toUri().toString());
        try {
            Map<String, List<JsonNode>> out =
                    ExpectedOutputs.group(KafkaTestSupport.values(KafkaTestSupport.readCommitted(
                            env.bootstrapServers(), name + ".predictions", 9, Duration.ofSeconds(60))));
            assertCounts(out.get("copy"), 4, 4, 5);
            assertCounts(out.get("direct"), 4, 4, 5);
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        out.get("copy").get(i).path("y"),
                        out.get("direct").get(i).path("y"));
                assertEquals(4 + i, out.get("copy").get(i).path("step").asLong());
            }
        } finally {
            KafkaJobRunner.cancel(resumed);
        }
    }

    private static List<JsonNode> values(List<KafkaTestSupport.Message> messages) {
        return KafkaTestSupport.values(messages).stream()
                .map(ExpectedOutputs::parse)
                .toList();
    }

    private static void assertCounts(List<JsonNode> predictions, double... counts) {
        assertEquals(counts.length, predictions.size(), predictions.toString());
        for (int i = 0; i < counts.length; i++) {
            double y = predictions.get(i).path("y").get(0).asDouble();
            assertTrue(Math.abs(y - counts[i]) < 0.3, "step " + (i + 1) + ": " + y + ", about " + counts[i]);
        }
    }
}
