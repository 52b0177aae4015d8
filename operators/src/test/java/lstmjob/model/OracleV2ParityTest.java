package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated Functional-model case (several named inputs and outputs, id inputs, merges, masks), in each of
 * its model files, stepped one timestep at a time through the model's stepper, gives the outputs Keras gives (TF.js
 * run over each key's sequence, cross-checked with numpy), within the contract's tolerance.
 */
class OracleV2ParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root() {
        return Repository.root().resolve("operators/src/test/resources/oracle-v2");
    }

    static Stream<Arguments> modelFiles() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : JSON.readTree(root().resolve("suite.json").toFile()).path("cases")) {
            Path dir = root().resolve(c.path("dir").asText());
            JsonNode models = JSON.readTree(dir.resolve("case.json").toFile()).path("models");
            for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                String expected = m.getValue().path("expected").asText();
                out.add(Arguments.of(dir.getFileName() + "/" + m.getKey(), dir.resolve(m.getKey()), expected));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void steppedOneTimestepAtATimeMatchesKeras(String name, Path model, String expectedFile) {
        Model m = Models.load(model);
        Path dir = model.getParent();
        JsonNode caseJson = read(dir.resolve("case.json"));
        assertEquals(
                names(caseJson.path("outputs")),
                m.outputs().stream().map(ModelOutput::name).toList(),
                name);
        assertEquals(
                names(caseJson.path("inputs")).stream().sorted().toList(),
                m.inputs().stream().map(ModelInput::name).sorted().toList(),
                name);
        Map<String, List<JsonNode>> expected = predictions(dir.resolve(expectedFile));
        Map<String, List<JsonNode>> actual = run(m, dir.resolve("stream.jsonl"));
        double worst = ExpectedOutputs.assertMatches(expected, actual, name);
        assertTrue(worst <= 1e-5, name + ": " + worst);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    /** The expected predictions by key (resets carry no y), each reduced to its step and y. */
    private static Map<String, List<JsonNode>> predictions(Path file) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        ExpectedOutputs.read(file).forEach((key, records) -> {
            for (JsonNode r : records) {
                if (r.path("type").asText().equals("prediction")) {
                    out.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(prediction(r.path("step").asInt(), r.get("y")));
                }
            }
        });
        return out;
    }

    private static JsonNode prediction(int step, JsonNode y) {
        var n = JSON.createObjectNode();
        n.put("step", step);
        n.set("y", y);
        return n;
    }

    /** Per key: its state, its steps since the last reset and its last seq. */
    private static final class Key {
        float[] state;
        int steps;
        long lastSeq = Long.MIN_VALUE;
    }

    /** The stream per the contract: replays dropped, resets on type reset and after end:true. */
    static Map<String, List<JsonNode>> run(Model m, Path stream) {
        ModelStepper stepper = m.newStepper(1);
        Map<String, Key> keys = new HashMap<>();
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        float[] row = new float[m.inputSize()];
        float[] y = new float[m.outputSize()];
        for (String line : lines(stream)) {
            JsonNode r = ExpectedOutputs.parse(line);
            String keyName = r.path("key").asText();
            Key key = keys.computeIfAbsent(keyName, k -> new Key());
            if (key.state == null) {
                key.state = new float[m.stateLayout().floats()];
            }
            if (r.has("seq")) {
                long seq = r.get("seq").asLong();
                if (seq <= key.lastSeq) {
                    continue;
                }
                key.lastSeq = seq;
            }
            if (r.path("type").asText().equals("reset")) {
                reset(key);
                continue;
            }
            List<List<float[]>> steps = timesteps(m, r.get("x"), line);
            for (int t = 0; t < steps.get(0).size(); t++) {
                int at = 0;
                for (int i = 0; i < m.inputs().size(); i++) {
                    float[] v = steps.get(i).get(t);
                    assertEquals(
                            m.inputs().get(i).floats(),
                            v.length,
                            "input " + m.inputs().get(i) + " in " + line);
                    System.arraycopy(v, 0, row, at, v.length);
                    at += v.length;
                }
                stepper.step(row, key.state, y);
                key.steps++;
                out.computeIfAbsent(keyName, k -> new ArrayList<>()).add(prediction(key.steps, json(m, y)));
            }
            if (r.path("end").asBoolean(false)) {
                reset(key);
            }
        }
        return out;
    }

    private static void reset(Key key) {
        java.util.Arrays.fill(key.state, 0f);
        key.steps = 0;
    }

    /** Per input in the model's order, its timesteps: x by input name, or x itself for a model of one input. */
    private static List<List<float[]>> timesteps(Model m, JsonNode x, String line) {
        assertNotNull(x, line);
        List<List<float[]>> out = new ArrayList<>();
        for (ModelInput in : m.inputs()) {
            JsonNode member = x.isObject() ? x.get(in.name()) : m.inputs().size() == 1 ? x : null;
            if (member == null) {
                fail("no member '" + in.name() + "' in " + line);
            }
            List<float[]> steps = new ArrayList<>();
            if (member.size() > 0 && member.get(0).isArray()) {
                member.forEach(s -> steps.add(floats(s)));
            } else {
                steps.add(floats(member));
            }
            out.add(steps);
        }
        for (List<float[]> s : out) {
            assertEquals(out.get(0).size(), s.size(), "timesteps of each member in " + line);
        }
        return out;
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.get(i).asDouble();
        }
        return f;
    }

    /** y as the contract writes it: the array of the one output, or an object by output name. */
    private static JsonNode json(Model m, float[] y) {
        if (m.outputs().size() == 1) {
            return array(y, 0, y.length);
        }
        var o = JSON.createObjectNode();
        int at = 0;
        for (ModelOutput out : m.outputs()) {
            o.set(out.name(), array(y, at, out.size()));
            at += out.size();
        }
        return o;
    }

    private static JsonNode array(float[] y, int from, int n) {
        var a = JSON.createArrayNode();
        for (int i = from; i < from + n; i++) {
            a.add((double) y[i]);
        }
        return a;
    }

    private static JsonNode read(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
