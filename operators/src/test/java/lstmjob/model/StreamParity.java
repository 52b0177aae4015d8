package lstmjob.model;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.codec.OutputEncoder;
import lstmjob.state.KeyState;
import lstmjob.step.KeyBundler;
import lstmjob.step.StepLogic;
import lstmjob.testing.MapKeyStates;

/**
 * Feeds a JSON Lines stream through a model per the contract (with the product's decoder, step logic, key
 * bundler and encoder) and compares the outputs, per key and in order, with an expected JSON Lines file.
 */
final class StreamParity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamParity() {}

    /** The stream applied one record at a time, each output as the JSON the job writes, grouped by key. */
    static Map<String, List<JsonNode>> run(Model model, Path stream) {
        StepLogic logic = new StepLogic(model.newStepper(1));
        OutputEncoder encoder = new OutputEncoder(model.outputs());
        InputDecoder decoder = new InputDecoder(
                model.inputs(), InputDecoder.DEFAULT_MAX_BYTES, InputDecoder.DEFAULT_MAX_KEY_BYTES, null);
        Map<String, KeyState> states = new HashMap<>();
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (byte[] line : lines(stream)) {
            InputRecord s = decode(decoder, line);
            states.put(
                    s.key(),
                    logic.apply(
                            states.get(s.key()),
                            s,
                            0L,
                            o -> out.computeIfAbsent(o.key(), k -> new ArrayList<>())
                                    .add(parse(encoder.encode(o)))));
        }
        return out;
    }

    /**
     * The same stream through the operator's {@link KeyBundler}, flushed as the operator flushes it (when the
     * bundle is full, and at the end): the timesteps of up to {@code bundleSize} keys in each step.
     */
    static Map<String, List<JsonNode>> runInBundles(Model model, Path stream, int bundleSize) {
        InputDecoder decoder = new InputDecoder(
                model.inputs(), InputDecoder.DEFAULT_MAX_BYTES, InputDecoder.DEFAULT_MAX_KEY_BYTES, null);
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        OutputEncoder encoder = new OutputEncoder(model.outputs());
        KeyBundler bundler = new KeyBundler(
                new StepLogic(model.newStepper(1)),
                model.newStepper(bundleSize),
                new MapKeyStates(),
                o -> out.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(parse(encoder.encode(o))));
        try {
            for (byte[] line : lines(stream)) {
                if (bundler.hold(decode(decoder, line))) {
                    bundler.flush(0L);
                }
            }
            bundler.flush(0L);
        } catch (Exception e) {
            throw new AssertionError("the bundler failed on " + stream, e);
        }
        return out;
    }

    private static InputRecord decode(InputDecoder decoder, byte[] line) {
        try {
            return decoder.decode(line);
        } catch (BadRecordException e) {
            return fail("the stream's record " + new String(line, StandardCharsets.UTF_8) + " was refused: "
                    + e.getMessage());
        }
    }

    private static List<byte[]> lines(Path file) {
        try {
            List<byte[]> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
