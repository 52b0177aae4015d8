package lstmjob.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lstmjob.Main;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.OracleCases;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code replay} over every oracle case in every model format, single-chain and Functional (several inputs and
 * outputs, ids, convolutions, merges, masking), and the ONNX cases in both files: the stream with bad lines mixed
 * in gives exactly Keras's (PyTorch's) outputs, and every bad line lands in the dead letters with its reason and line
 * number; a bad id's dead letter names the input and the value.
 */
class ReplayOracleTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Pattern SOURCE = Pattern.compile("stream\\.invalid\\.jsonl:(\\d+)");

    /** Every Keras oracle file, single-chain and Functional, and every ONNX file (PyTorch exports). */
    static Stream<OracleCases.ModelCase> cases() {
        return Stream.of(OracleCases.all().stream(), OracleCases.allV2().stream(), OracleCases.onnx().stream())
                .flatMap(s -> s);
    }

    /** Key bundling on (64 keys per step) and off (1), each for half of the model files of every kind. */
    static String bundleSize(OracleCases.ModelCase c) {
        int n = Integer.parseInt(c.caseName().replaceAll("\\D", ""))
                + List.of("model.json", "model.h5", "model.keras", "model.k3.h5", "model.onnx", "model.seq.onnx")
                        .indexOf(c.modelFile());
        return n % 2 == 0 ? "64" : "1";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replayGivesKerasOutputsAndDeadLetters(OracleCases.ModelCase c, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.jsonl");
        int code = Main.commandLine()
                .execute(
                        "replay",
                        "--model",
                        c.model().toString(),
                        "--input",
                        c.invalidStream().toString(),
                        "--output",
                        out.toString(),
                        "--parallelism",
                        "2",
                        "--bundle-size",
                        bundleSize(c));
        assertEquals(0, code, "replay's exit code");

        ExpectedOutputs.assertMatches(ExpectedOutputs.read(c.expected()), ExpectedOutputs.read(out), c.toString());

        List<String> input = Files.readAllLines(c.invalidStream(), StandardCharsets.UTF_8);
        List<String> wantRaw = new ArrayList<>();
        Map<String, JsonNode> named = new HashMap<>();
        for (String line : Files.readAllLines(c.expectedDeadLetters(), StandardCharsets.UTF_8)) {
            JsonNode want = ExpectedOutputs.parse(line);
            wantRaw.add(want.path("raw").asText());
            // A bad id names its input and value; so does any error in a member of a several-input x.
            if (want.has("input")
                    && (want.has("value")
                            || ExpectedOutputs.parse(want.path("raw").asText())
                                    .path("x")
                                    .isObject())) {
                named.put(want.path("raw").asText(), want);
            }
        }
        List<String> gotRaw = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out.dead-letters.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode d = ExpectedOutputs.parse(line);
            assertFalse(d.path("error").asText().isBlank(), "a dead letter says why: " + line);
            Matcher m = SOURCE.matcher(d.path("source").asText());
            assertTrue(m.matches(), "a dead letter names its line: " + line);
            assertEquals(
                    input.get(Integer.parseInt(m.group(1)) - 1),
                    d.path("raw").asText(),
                    "the dead letter's raw is the line it names");
            gotRaw.add(d.path("raw").asText());
            JsonNode want = named.get(d.path("raw").asText());
            if (want != null) {
                String error = d.path("error").asText();
                assertTrue(error.contains(want.path("input").asText()), "names the input: " + line);
                if (want.has("value")) {
                    assertTrue(error.contains(want.path("value").asText()), "names the value: " + line);
                }
            }
        }
        wantRaw.sort(null);
        gotRaw.sort(null);
        assertEquals(wantRaw, gotRaw, "dead letters");
    }
}
