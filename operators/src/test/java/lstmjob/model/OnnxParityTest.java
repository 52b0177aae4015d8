package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.InputDecoder;
import lstmjob.model.load.Models;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.OracleCases;
import lstmjob.testing.OracleCases.ModelCase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX cases (PyTorch models exported to ONNX) give PyTorch's outputs, for both files of each case: the
 * one-timestep export with its states as graph inputs and outputs, and the export with a sequence axis; several
 * inputs (ids beside features) and several heads included, named as the ONNX graph names them.
 */
class OnnxParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() {
        return OracleCases.onnx().stream().map(c -> Arguments.of(c.toString(), c));
    }

    @org.junit.jupiter.api.Test
    void everyCaseInBothFiles() {
        assertEquals(32, OracleCases.onnx().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneKeyAtATimeMatchesPyTorch(String name, ModelCase c) {
        Model m = Models.load(c.model());
        ExpectedOutputs.assertMatches(ExpectedOutputs.read(c.expected()), StreamParity.run(m, c.stream()), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keysSteppedInBundlesMatchPyTorch(String name, ModelCase c) {
        Model m = Models.load(c.model());
        Map<String, List<JsonNode>> want = ExpectedOutputs.read(c.expected());
        ExpectedOutputs.assertMatches(want, StreamParity.runInBundles(m, c.stream(), 3), name + " (bundles of 3)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputsOutputsAndStatesAreTheExportedModules(String name, ModelCase c) throws IOException {
        Model m = Models.load(c.model());
        JsonNode spec = JSON.readTree(c.dir().resolve("case.json").toFile()).path("spec");
        int floats = 0;
        int entries = 0;
        for (JsonNode rnn : spec.path("rnns")) {
            int vectors = rnn.path("kind").asText().equals("LSTM") ? 2 : 1;
            floats += vectors
                    * rnn.path("hidden").asInt()
                    * rnn.path("num_layers").asInt();
            entries += rnn.path("num_layers").asInt();
        }
        assertEquals(floats, m.stateLayout().floats(), name);
        assertEquals(entries, m.stateLayout().entries().size(), name);
        List<String> inputs = new ArrayList<>();
        List<Boolean> ids = new ArrayList<>();
        spec.path("inputs").forEach(i -> {
            inputs.add(i.path("name").asText());
            ids.add(i.path("role").asText().equals("ids"));
        });
        assertEquals(inputs, m.inputs().stream().map(ModelInput::name).toList(), name);
        assertEquals(ids, m.inputs().stream().map(ModelInput::takesIds).toList(), name);
        List<String> heads = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        spec.path("heads").forEach(h -> {
            heads.add(h.path("name").asText());
            sizes.add(h.path("out").asInt());
        });
        assertEquals(heads, m.outputs().stream().map(ModelOutput::name).toList(), name);
        assertEquals(sizes, m.outputs().stream().map(ModelOutput::size).toList(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badLinesAreDeadLettersAndTheRestStillMatchesPyTorch(String name, ModelCase c, @TempDir Path dir)
            throws IOException {
        Model m = Models.load(c.model());
        InputDecoder decoder =
                new InputDecoder(m.inputs(), InputDecoder.DEFAULT_MAX_BYTES, InputDecoder.DEFAULT_MAX_KEY_BYTES, null);
        List<String> good = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (String line : Files.readAllLines(c.invalidStream(), StandardCharsets.UTF_8)) {
            try {
                decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                good.add(line);
            } catch (BadRecordException e) {
                dead.add(line);
            }
        }
        List<String> want = new ArrayList<>();
        for (String line : Files.readAllLines(c.expectedDeadLetters(), StandardCharsets.UTF_8)) {
            want.add(ExpectedOutputs.parse(line).path("raw").asText());
        }
        assertEquals(want, dead, name);
        Path stream = Files.write(dir.resolve("stream.jsonl"), good, StandardCharsets.UTF_8);
        ExpectedOutputs.assertMatches(ExpectedOutputs.read(c.expected()), StreamParity.run(m, stream), name);
    }
}
