package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import lstmjob.model.ModelInput;
import lstmjob.testing.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The version-2 oracle cases' invalid streams through a decoder built from each case's inputs (case.json): every
 * line of expected.dead.jsonl is a dead letter, and every other line decodes to the rows of the same line of
 * stream.jsonl, which this test lays out itself from the JSON tree (members in the model's input order).
 */
class InputDecoderOracleV2Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> cases() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode c : JSON.readTree(root().resolve("suite.json").toFile()).path("cases")) {
            out.add(c.path("dir").asText());
        }
        assertEquals(16, out.size());
        return out.stream();
    }

    private static Path root() {
        return Repository.root().resolve("operators/src/test/resources/oracle-v2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badLinesAreDeadLettersAndTheOthersDecodeToTheStreamsRows(String name) throws Exception {
        Path dir = root().resolve(name);
        List<ModelInput> inputs = new ArrayList<>();
        for (JsonNode in : JSON.readTree(dir.resolve("case.json").toFile()).path("inputs")) {
            inputs.add(
                    "id".equals(in.path("kind").asText())
                            ? ModelInput.ids(
                                    in.path("name").asText(),
                                    in.path("input_dim").asInt())
                            : ModelInput.features(
                                    in.path("name").asText(),
                                    in.path("features").asInt()));
        }
        InputDecoder decoder = new InputDecoder(inputs, InputDecoder.DEFAULT_MAX_BYTES, 1024, null);

        List<JsonNode> dead = new ArrayList<>();
        Set<String> deadRaw = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("expected.dead.jsonl"))) {
            JsonNode d = JSON.readTree(line);
            dead.add(d);
            deadRaw.add(d.path("raw").asText());
        }
        for (JsonNode d : dead) {
            String raw = d.path("raw").asText();
            BadRecordException e = assertThrows(
                    BadRecordException.class,
                    () -> decoder.decode(raw.getBytes(StandardCharsets.UTF_8)),
                    d.path("kind").asText() + ": " + raw);
            String kind = d.path("kind").asText();
            // with one input, x's errors are those of version 1, which name no input except for ids
            boolean namesInput = inputs.size() > 1 ? !kind.equals("mismatched_steps") : kind.startsWith("id_");
            if (d.has("input") && namesInput) {
                assertTrue(
                        e.getMessage().contains("'" + d.path("input").asText() + "'")
                                || e.getMessage()
                                        .contains("x." + d.path("input").asText()),
                        kind + " names the input: " + e.getMessage());
            }
            if (d.has("value")) {
                String shown = e.getMessage().substring(e.getMessage().lastIndexOf(" is ") + 4);
                assertEquals(d.path("value").asDouble(), Double.parseDouble(shown), 0, e.getMessage());
            }
        }

        List<String> good = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("stream.invalid.jsonl"))) {
            if (!deadRaw.contains(line)) {
                good.add(line);
            }
        }
        List<String> stream = Files.readAllLines(dir.resolve("stream.jsonl"));
        assertEquals(stream.size(), good.size(), "the invalid stream less its dead letters is the stream");
        assertEquals(
                dead.size(),
                Files.readAllLines(dir.resolve("stream.invalid.jsonl")).size() - good.size());
        for (int i = 0; i < stream.size(); i++) {
            assertEquals(stream.get(i), good.get(i));
            InputRecord r = decoder.decode(good.get(i).getBytes(StandardCharsets.UTF_8));
            float[][] expected = rows(JSON.readTree(stream.get(i)), inputs);
            assertEquals(expected.length, r.x().length, good.get(i));
            for (int s = 0; s < expected.length; s++) {
                assertArrayEquals(expected[s], r.x()[s], good.get(i));
            }
        }
    }

    /** The record's rows, read from its tree: per timestep, every input's floats in the model's order. */
    private static float[][] rows(JsonNode record, List<ModelInput> inputs) {
        JsonNode x = record.path("x");
        if (x.isMissingNode()) {
            return new float[0][];
        }
        int width = inputs.stream().mapToInt(ModelInput::floats).sum();
        List<JsonNode> members = new ArrayList<>();
        if (inputs.size() == 1) {
            assertTrue(x.isArray());
            members.add(x);
        } else {
            assertTrue(x.isObject());
            for (ModelInput in : inputs) {
                members.add(x.path(in.name()));
            }
        }
        int steps = -1;
        for (JsonNode m : members) {
            int n = m.get(0).isArray() ? m.size() : 1;
            assertTrue(steps < 0 || steps == n);
            steps = n;
        }
        float[][] rows = new float[steps][width];
        int offset = 0;
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode m = members.get(i);
            for (int s = 0; s < steps; s++) {
                JsonNode step = m.get(0).isArray() ? m.get(s) : m;
                assertEquals(inputs.get(i).floats(), step.size());
                for (int f = 0; f < step.size(); f++) {
                    rows[s][offset + f] = (float) step.get(f).asDouble();
                }
            }
            offset += inputs.get(i).floats();
        }
        assertFalse(steps < 1);
        return rows;
    }
}
