package lstmjob.savepoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.StateLayout;

/**
 * Key states as JSON Lines, one key per line:
 * <pre>{"key":"k","states":[{"layer":"lstm","h":[...],"c":[...]},{"layer":"gru","h":[...]}],"step":17,"seq":42}</pre>
 * (a causal convolution's entry is {@code {"layer":"conv1d","inputs":[[...],[...]]}}, its past inputs oldest first).
 * {@code states} is the online {@code set-state} record's: one object per stateful layer in model order, matched by
 * position ({@code layer} is informative; a retrained model may name its layers differently). {@code step} and
 * {@code seq} are optional when reading (0 and none); other fields are ignored, so set-state records read too.
 */
public final class JsonLinesStates {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private JsonLinesStates() {}

    /** Writes one key's line, newline included. */
    public static void write(Writer out, StateLayout layout, KeyStateRecord r) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("key", r.key);
            g.writeArrayFieldStart("states");
            for (StateLayout.Entry e : layout.entries()) {
                g.writeStartObject();
                g.writeStringField("layer", e.layerName());
                if (e.holdsInputs()) {
                    g.writeArrayFieldStart(StateLayout.INPUTS);
                    for (float[] input : StateVectors.vectors(e, r.state)) {
                        writeVector(g, input);
                    }
                    g.writeEndArray();
                } else {
                    for (int v = 0; v < e.vectors(); v++) {
                        g.writeFieldName(StateVectors.name(v));
                        writeVector(g, StateVectors.vector(e, r.state, v));
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("step", r.steps);
            if (r.hasSeq) {
                g.writeNumberField("seq", r.lastSeq);
            }
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** Float32 values, each written as the shortest decimal that reads back to the same float. */
    private static void writeVector(JsonGenerator g, float[] values) throws IOException {
        g.writeStartArray();
        for (float x : values) {
            g.writeNumber(x);
        }
        g.writeEndArray();
    }

    /** Reads every key of the file, checked against the layout; the first bad line is refused, naming it. */
    public static List<KeyStateRecord> read(Path file, StateLayout layout) {
        List<KeyStateRecord> out = new ArrayList<>();
        Map<String, Integer> lineOfKey = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file.getFileName() + " line " + lineNo;
                KeyStateRecord r = parse(line, layout, where);
                Integer earlier = lineOfKey.putIfAbsent(r.key, lineNo);
                if (earlier != null) {
                    throw new StatesException(where + ": key " + quote(r.key) + " is already on line " + earlier);
                }
                out.add(r);
            }
        } catch (IOException e) {
            throw new StatesException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static KeyStateRecord parse(String line, StateLayout layout, String where) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new StatesException(where + ": not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new StatesException(where + ": not a JSON object");
        }
        JsonNode key = n.get("key");
        if (key == null || !key.isTextual() || key.textValue().isEmpty()) {
            throw new StatesException(where + ": key must be a non-empty string");
        }
        String k = key.textValue();
        where = where + ": key " + quote(k);
        long step = 0;
        JsonNode s = n.get("step");
        if (s != null) {
            if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() < 0) {
                throw new StatesException(where + ": step must be a non-negative integer, got " + s);
            }
            step = s.longValue();
        }
        JsonNode q = n.get("seq");
        if (q != null && !(q.isIntegralNumber() && q.canConvertToLong())) {
            throw new StatesException(where + ": seq must be an integer, got " + q);
        }
        JsonNode states = n.get("states");
        if (states == null || !states.isArray()) {
            throw new StatesException(where + ": states must be an array with one object per stateful layer");
        }
        List<StateVectors.Given> layers = new ArrayList<>();
        for (JsonNode st : states) {
            String at = where + ": states[" + layers.size() + "]";
            if (!st.isObject()) {
                throw new StatesException(
                        at + " must be an object with h (and c for an LSTM layer), or inputs for a convolution");
            }
            layers.add(new StateVectors.Given(
                    vector(st.get("h"), at + ".h"),
                    vector(st.get("c"), at + ".c"),
                    vectors(st.get(StateLayout.INPUTS), at + "." + StateLayout.INPUTS)));
        }
        float[] flat = StateVectors.flatten(layout, layers, where);
        return new KeyStateRecord(k, flat, layout.tag(), step, q != null, q != null ? q.longValue() : 0, 0);
    }

    /** An array of vectors (a convolution's past inputs), or null when absent. */
    private static float[][] vectors(JsonNode a, String where) {
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isArray()) {
            throw new StatesException(where + " must be an array of arrays of numbers");
        }
        float[][] rows = new float[a.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vector(a.get(i), where + "[" + i + "]");
            if (rows[i] == null) {
                throw new StatesException(where + "[" + i + "] must be an array of numbers");
            }
        }
        return rows;
    }

    private static float[] vector(JsonNode a, String where) {
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isArray()) {
            throw new StatesException(where + " must be an array of numbers");
        }
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = a.get(i);
            if (!x.isNumber()) {
                throw new StatesException(where + "[" + i + "] is not a number: " + x);
            }
            double d = x.doubleValue();
            if (!Double.isFinite(d) || !Float.isFinite((float) d)) {
                throw new StatesException(where + "[" + i + "] is not a finite float32 number: " + x);
            }
            v[i] = (float) d;
        }
        return v;
    }

    static String quote(String key) {
        try {
            return MAPPER.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always has a JSON form", e);
        }
    }
}
