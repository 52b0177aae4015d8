package lstmjob.model;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.Output;
import lstmjob.codec.OutputEncoder;
import lstmjob.codec.Prediction;
import lstmjob.codec.Reset;
import lstmjob.codec.InputRecord;
import lstmjob.codec.InputDecoder;
import lstmjob.step.StepLogic;
import lstmjob.state.KeyState;

/**
 * Feeds a JSON Lines stream through a model per the contract (with the product's decoder, step logic and
 * encoder) and compares the outputs, per key and in order, with an expected JSON Lines file.
 */
final class StreamParity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamParity() {
    }

    /** The stream applied one record at a time, each output as the JSON the job writes, grouped by key. */
    static Map<String, List<JsonNode>> run(Model model, Path stream) {
        StepLogic logic = new StepLogic(model.newStepper(1));
        InputDecoder decoder = new InputDecoder(model.input(), InputDecoder.DEFAULT_MAX_BYTES, null);
        Map<String, KeyState> states = new HashMap<>();
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (byte[] line : lines(stream)) {
            InputRecord s = decode(decoder, line);
            states.put(s.key(), logic.apply(states.get(s.key()), s, 0L,
                    o -> out.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(parse(OutputEncoder.encode(o)))));
        }
        return out;
    }

    /**
     * The same stream with the timesteps of all keys stepped together: each call to the stepper advances up to
     * {@code maxRows} different keys by one timestep. Which timesteps each key gets, and where its resets fall,
     * comes from the contract logic; the numbers come from the bundled steps. Returns each key's outputs in
     * order, with the bundled y in place of the one-by-one y.
     */
    static Map<String, List<JsonNode>> runBundled(Model model, Path stream, int maxRows) {
        // 1. Each key's program: its outputs in order and, for each prediction, the timestep that produced it.
        StepLogic logic = new StepLogic(model.newStepper(1));
        InputDecoder decoder = new InputDecoder(model.input(), InputDecoder.DEFAULT_MAX_BYTES, null);
        Map<String, KeyState> states = new HashMap<>();
        Map<String, Deque<Op>> programs = new LinkedHashMap<>();
        for (byte[] line : lines(stream)) {
            InputRecord s = decode(decoder, line);
            int[] next = {0};
            states.put(s.key(), logic.apply(states.get(s.key()), s, 0L, o -> {
                float[] x = o instanceof Prediction ? s.x()[next[0]++] : null;
                programs.computeIfAbsent(o.key(), k -> new ArrayDeque<>()).add(new Op(o, x));
            }));
        }
        // 2. Run all programs together, a bundle of keys per step call.
        ModelStepper stepper = model.newStepper(maxRows);
        Map<String, float[]> keyState = new HashMap<>();
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(programs.keySet());
        float[][] in = new float[maxRows][];
        float[][] st = new float[maxRows][];
        float[][] y = new float[maxRows][model.outputSize()];
        String[] rowKey = new String[maxRows];
        Prediction[] rowOut = new Prediction[maxRows];
        int rotate = 0;
        while (!pending.isEmpty()) {
            int rows = 0;
            // Rotate the starting key so that bundles mix different keys from call to call.
            for (int i = 0; i < pending.size() && rows < maxRows; i++) {
                String key = pending.get((i + rotate) % pending.size());
                Deque<Op> program = programs.get(key);
                float[] state = keyState.computeIfAbsent(key, k -> new float[model.stateLayout().floats()]);
                while (!program.isEmpty() && program.peek().x == null) {
                    Reset r = (Reset) program.poll().output;
                    java.util.Arrays.fill(state, 0f);
                    out.computeIfAbsent(key, k -> new ArrayList<>()).add(parse(OutputEncoder.encode(r)));
                }
                if (program.isEmpty()) {
                    continue;
                }
                Op op = program.poll();
                in[rows] = op.x;
                st[rows] = state;
                rowKey[rows] = key;
                rowOut[rows] = (Prediction) op.output;
                rows++;
            }
            rotate++;
            if (rows > 0) {
                stepper.step(rows, in, st, y);
                for (int r = 0; r < rows; r++) {
                    Prediction p = rowOut[r];
                    Prediction bundled = new Prediction(p.key(), p.hasSeq(), p.seq(), p.step(), y[r].clone(),
                            p.hasTs(), p.ts());
                    out.computeIfAbsent(rowKey[r], k -> new ArrayList<>()).add(parse(OutputEncoder.encode(bundled)));
                }
            }
            pending.removeIf(k -> programs.get(k).isEmpty());
        }
        return out;
    }

    private record Op(Output output, float[] x) {
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
