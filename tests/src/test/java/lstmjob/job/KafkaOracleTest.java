package lstmjob.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaAndFlink;
import lstmjob.testing.KafkaJobRunner;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.Metrics;
import lstmjob.testing.OracleCases;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every oracle case through a real Kafka broker and the real job at parallelism 2, exactly-once: the stream
 * with bad lines mixed in gives Keras's (for ONNX files, PyTorch's) outputs per key, read with read_committed; every bad line is a dead
 * letter; dead letters and dropped replays are counted in Flink metrics.
 */
class KafkaOracleTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink();

    /**
     * One model file per case, the formats taken in turn, so that every format runs through Kafka, for the
     * single-chain cases, the Functional ones (several inputs and outputs) and the ONNX ones (PyTorch exports: the
     * one-timestep file and the one with a sequence axis).
     */
    static Stream<OracleCases.ModelCase> cases() {
        List<String> formats = List.of("model.json", "model.h5", "model.keras", "model.k3.h5");
        List<String> formatsV2 = List.of("model.json", "model.h5", "model.keras", "model.k3.h5", "model.tfk215.keras");
        List<String> formatsOnnx = List.of("model.onnx", "model.seq.onnx");
        return Stream.of(
                        OracleCases.all().stream()
                                .filter(c -> c.modelFile().equals(formats.get(caseNumber(c) % formats.size()))),
                        OracleCases.allV2().stream()
                                .filter(c -> c.modelFile().equals(formatsV2.get(caseNumber(c) % formatsV2.size()))),
                        OracleCases.onnx().stream()
                                .filter(c -> c.modelFile().equals(formatsOnnx.get(caseNumber(c) % formatsOnnx.size()))))
                .flatMap(s -> s);
    }

    private static int caseNumber(OracleCases.ModelCase c) {
        return Integer.parseInt(c.caseName().replaceAll("\\D", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kafkaJobGivesKerasOutputs(OracleCases.ModelCase c, @TempDir Path checkpoints) throws Exception {
        String name = "oracle-" + c.caseName() + "-" + c.modelFile().replace('.', '-');
        Map<String, String> settings = KafkaJobRunner.settings(env.bootstrapServers(), name, c.model(), checkpoints);
        settings.put("bundle-size", caseNumber(c) % 2 == 0 ? "64" : "1"); // key bundling on and off
        env.createTopic(name + ".samples", 2);
        env.createTopic(name + ".predictions", 2);
        env.createTopic(name + ".dead-letters", 1);
        KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", c.invalidStream());

        Map<String, List<JsonNode>> expected = ExpectedOutputs.read(c.expected());
        int expectedCount = expected.values().stream().mapToInt(List::size).sum();
        List<String> expectedDead = Files.readAllLines(c.expectedDeadLetters(), StandardCharsets.UTF_8);

        JobClient job = KafkaJobRunner.start(settings);
        try {
            List<KafkaTestSupport.Message> outputs = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".predictions", expectedCount, Duration.ofSeconds(90));
            List<KafkaTestSupport.Message> dead = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".dead-letters", expectedDead.size(), Duration.ofSeconds(30));

            ExpectedOutputs.assertMatches(
                    expected, ExpectedOutputs.group(KafkaTestSupport.values(outputs)), c.toString());
            for (KafkaTestSupport.Message m : outputs) {
                assertEquals(
                        ExpectedOutputs.parse(m.value()).path("key").asText(),
                        m.key(),
                        "record key = the sample's key");
            }
            List<String> wantRaw = new ArrayList<>();
            expectedDead.forEach(
                    l -> wantRaw.add(ExpectedOutputs.parse(l).path("raw").asText()));
            List<String> gotRaw = new ArrayList<>();
            for (KafkaTestSupport.Message m : dead) {
                JsonNode d = ExpectedOutputs.parse(m.value());
                assertTrue(d.path("source").asText().matches("\\Q" + name + ".samples\\E/[01]@\\d+"), m.value());
                assertTrue(!d.path("error").asText().isBlank(), m.value());
                gotRaw.add(d.path("raw").asText());
            }
            wantRaw.sort(null);
            gotRaw.sort(null);
            assertEquals(wantRaw, gotRaw, "dead letters");

            Metrics.awaitCount(env.metrics(), job.getJobID(), "deadLetters", expectedDead.size());
            Metrics.awaitCount(env.metrics(), job.getJobID(), "replaysDropped", replaysIn(c.stream()));
            Metrics.awaitCount(
                    env.metrics(),
                    job.getJobID(),
                    "predictions",
                    expected.values().stream()
                            .flatMap(List::stream)
                            .filter(n -> n.path("type").asText().equals("prediction"))
                            .count());
        } finally {
            KafkaJobRunner.cancel(job);
        }
        KafkaTestSupport.assertNothingDoubled(env.bootstrapServers(), name + ".predictions", expectedCount);
    }

    /** Records whose seq is not above the last applied seq of their key: what the contract says to drop. */
    static long replaysIn(Path stream) throws Exception {
        Map<String, Long> last = new HashMap<>();
        long replays = 0;
        for (String line : Files.readAllLines(stream, StandardCharsets.UTF_8)) {
            JsonNode n = ExpectedOutputs.parse(line);
            if (!n.has("seq")) {
                continue;
            }
            String key = n.path("key").asText();
            long seq = n.path("seq").asLong();
            Long before = last.get(key);
            if (before != null && seq <= before) {
                replays++;
            } else {
                last.put(key, seq);
            }
        }
        return replays;
    }
}
