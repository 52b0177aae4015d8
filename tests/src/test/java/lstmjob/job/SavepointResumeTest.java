package lstmjob.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lstmjob.testing.CausalConvCases;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.KafkaAndFlink;
import lstmjob.testing.KafkaJobRunner;
import lstmjob.testing.KafkaTestSupport;
import lstmjob.testing.OracleCases;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stop-with-savepoint in the middle of a stream, then resume from the savepoint (at another parallelism, so the
 * keys' states are redistributed): the output equals the uninterrupted output, with nothing lost and nothing
 * doubled; for an LSTM stack and for a model whose causal convolution keeps its past inputs as state.
 */
class SavepointResumeTest {

    @RegisterExtension
    static final KafkaAndFlink env = new KafkaAndFlink();

    /** A model, the stream it is fed and the outputs expected of it. */
    record Case(String name, Path model, Path stream, Path expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        // an LSTM stack with several keys, chunks, ends, control resets and replays
        OracleCases.ModelCase lstm = OracleCases.all().stream()
                .filter(m -> m.caseName().equals("case-20") && m.modelFile().equals("model.keras"))
                .findFirst()
                .orElseThrow();
        // a causal convolution (kernel 3, dilation 2) whose past inputs are key state, before an LSTM
        String conv = CausalConvCases.CONV_LSTM_DENSE;
        return List.of(
                new Case("savepoint", lstm.model(), lstm.stream(), lstm.expected()),
                new Case(
                        "savepoint-conv",
                        CausalConvCases.model(conv),
                        CausalConvCases.stream(conv),
                        CausalConvCases.expected(conv)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resumedJobContinuesEveryKeyExactly(Case c, @TempDir Path dir) throws Exception {
        String name = c.name();
        env.createTopic(name + ".samples", 2);
        env.createTopic(name + ".predictions", 2);
        List<String> stream = Files.readAllLines(c.stream(), StandardCharsets.UTF_8);
        int half = stream.size() / 2;
        Map<String, String> settings =
                KafkaJobRunner.settings(env.bootstrapServers(), name, c.model(), dir.resolve("chk"));
        settings.put("parallelism", "1");

        KafkaTestSupport.produceJsonLines(env.bootstrapServers(), name + ".samples", stream.subList(0, half));
        JobClient first = KafkaJobRunner.start(settings);
        // wait until the first half has been applied and committed, then stop in the middle of the stream
        KafkaTestSupport.readCommitted(env.bootstrapServers(), name + ".predictions", 1, Duration.ofSeconds(60));
        List<KafkaTestSupport.Message> before = KafkaTestSupport.readCommittedUntilQuiet(
                env.bootstrapServers(), name + ".predictions", Duration.ofSeconds(3), Duration.ofSeconds(60));
        assertTrue(before.size() > 0, "the first half gave outputs before the savepoint");
        String savepoint = first.stopWithSavepoint(
                        false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get();

        KafkaTestSupport.produceJsonLines(
                env.bootstrapServers(), name + ".samples", stream.subList(half, stream.size()));
        settings.put("parallelism", "2");
        Map<String, List<JsonNode>> expected = ExpectedOutputs.read(c.expected());
        int expectedCount = expected.values().stream().mapToInt(List::size).sum();
        JobClient second = KafkaJobRunner.start(settings, savepoint);
        try {
            List<KafkaTestSupport.Message> all = KafkaTestSupport.readCommitted(
                    env.bootstrapServers(), name + ".predictions", expectedCount, Duration.ofSeconds(90));
            ExpectedOutputs.assertMatches(
                    expected, ExpectedOutputs.group(KafkaTestSupport.values(all)), "resumed from " + savepoint);
        } finally {
            KafkaJobRunner.cancel(second);
        }
        KafkaTestSupport.assertNothingDoubled(env.bootstrapServers(), name + ".predictions", expectedCount);
    }
}
