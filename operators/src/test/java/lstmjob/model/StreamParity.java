package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.Output;
import lstmjob.codec.OutputEncoder;
import lstmjob.codec.Prediction;
import lstmjob.codec.Reset;
import lstmjob.codec.Sample;
import lstmjob.codec.SampleDecoder;
import lstmjob.operator.StepLogic;
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
        SampleDecoder decoder = new SampleDecoder(model.inputSize());
        Map<String, KeyState> states = new HashMap<>();
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (byte[] line : lines(stream)) {
            Sample s = decode(decoder, line);
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
        SampleDecoder decoder = new SampleDecoder(model.inputSize());
        Map<String, KeyState> states = new HashMap<>();
        Map<String, Deque<Op>> programs = new LinkedHashMap<>();
        for (byte[] line : lines(stream)) {
            Sample s = decode(decoder, line);
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

    /** Expected outputs grouped by key, in file order. */
    static Map<String, List<JsonNode>> expected(Path file) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (byte[] line : lines(file)) {
            JsonNode n = parse(line);
            out.computeIfAbsent(n.path("key").asText(), k -> new ArrayList<>()).add(n);
        }
        return out;
    }

    /**
     * Every key has the same outputs in the same order: same fields and values, y within the contract's
     * tolerance (absolute 1e-5 up to magnitude 1, relative 1e-5 above). Returns the largest y difference.
     */
    static double assertMatches(Map<String, List<JsonNode>> expected, Map<String, List<JsonNode>> actual,
                                String what) {
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()), what + ": keys with outputs");
        double worst = 0;
        for (Map.Entry<String, List<JsonNode>> e : expected.entrySet()) {
            List<JsonNode> exp = e.getValue();
            List<JsonNode> act = actual.get(e.getKey());
            assertEquals(exp.size(), act.size(), what + ": number of outputs for key " + e.getKey());
            for (int i = 0; i < exp.size(); i++) {
                String where = what + ": key " + e.getKey() + ", output #" + (i + 1) + " (expected " + exp.get(i)
                        + ", got " + act.get(i) + ")";
                worst = Math.max(worst, assertRecordMatches(exp.get(i), act.get(i), where));
            }
        }
        return worst;
    }

    private static double assertRecordMatches(JsonNode exp, JsonNode act, String where) {
        assertEquals(fieldNames(exp), fieldNames(act), where + ": fields");
        double worst = 0;
        for (Iterator<String> it = exp.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("y")) {
                assertEquals(exp.get(f), act.get(f), where + ": field " + f);
                continue;
            }
            JsonNode ey = exp.get("y");
            JsonNode ay = act.get("y");
            assertEquals(ey.size(), ay.size(), where + ": y length");
            for (int j = 0; j < ey.size(); j++) {
                double e = ey.get(j).asDouble();
                double a = ay.get(j).asDouble();
                double diff = Math.abs(a - e);
                worst = Math.max(worst, diff);
                assertTrue(diff <= 1e-5 * Math.max(1.0, Math.abs(e)),
                        where + ": y[" + j + "] = " + a + ", expected " + e + " (difference " + diff + ")");
            }
        }
        return worst;
    }

    private static TreeSet<String> fieldNames(JsonNode n) {
        TreeSet<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Sample decode(SampleDecoder decoder, byte[] line) {
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
