package lstmjob.codec;

import static lstmjob.codec.DeadLetterReason.BAD_FIELD;
import static lstmjob.codec.DeadLetterReason.BAD_KEY;
import static lstmjob.codec.DeadLetterReason.BAD_NUMBER;
import static lstmjob.codec.DeadLetterReason.BAD_STATES;
import static lstmjob.codec.DeadLetterReason.BAD_TYPE;
import static lstmjob.codec.DeadLetterReason.BAD_X;
import static lstmjob.codec.DeadLetterReason.LIMITS;
import static lstmjob.codec.DeadLetterReason.NOT_JSON;
import static lstmjob.codec.DeadLetterReason.NO_KEY;
import static lstmjob.codec.DeadLetterReason.TOO_LARGE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelInput;
import lstmjob.model.StateLayout;

/**
 * Decodes one input record (UTF-8 JSON, docs/wire-format.md) with Jackson's streaming parser: no tree per record.
 * {@code x} is read for the model's inputs: an array for one input, an object by input name for several
 * ({@link NamedInputsReader}); either way a timestep becomes one flat row of the inputs' floats.
 * The bytes are decoded to characters first, strictly ({@link StrictUtf8}), so that no invalid byte ever becomes a
 * key, a member name or a value, and member names are matched as the decoded text they are. Every way a record
 * can be wrong is a {@link BadRecordException} whose message says what is wrong. One per thread (it reuses its
 * character buffer); the parser factory is shared.
 */
public final class InputDecoder {

    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_KEY_BYTES = 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(ReadLimits.CONSTRAINTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // the same doubles as Double.parseDouble (correctly rounded), in a fraction of its time
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    /** Jackson's message for a member named twice, STRICT_DUPLICATE_DETECTION's only way to say so. */
    private static final String DUPLICATE = "Duplicate field '";

    /** Floats per row: the one input's, or the sum of the several inputs'. */
    private final int inputSize;
    /** For a model with one input: that input (its x is an array); null when it has several. */
    private final ModelInput single;
    /** For a model with several inputs: the reader of its x object; null when it has one. */
    private final NamedInputsReader named;

    private final int maxBytes;
    private final int maxKeyBytes;
    /** The model's state layout, against which set-state records are checked; null: set-state is refused. */
    private final StateLayout layout;

    private final StrictUtf8 utf8 = new StrictUtf8();

    public InputDecoder(int inputSize) {
        this(inputSize, DEFAULT_MAX_BYTES, DEFAULT_MAX_KEY_BYTES, null);
    }

    public InputDecoder(int inputSize, int maxBytes, int maxKeyBytes, StateLayout layout) {
        this(ModelInput.features("input", inputSize), maxBytes, maxKeyBytes, layout);
    }

    /** For a model's one input: features, or one id per timestep (docs/wire-format.md, "Id inputs"). */
    public InputDecoder(ModelInput input, int maxBytes, int maxKeyBytes, StateLayout layout) {
        this(List.of(input), maxBytes, maxKeyBytes, layout);
    }

    /**
     * For a model's inputs ({@code Model.inputs()}): with one, {@code x} is an array; with several, an object with one
     * member per input (docs/wire-format.md, "Several inputs"), decoded to rows that concatenate the inputs' floats in
     * this order.
     */
    public InputDecoder(List<ModelInput> inputs, int maxBytes, int maxKeyBytes, StateLayout layout) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a model has at least one input");
        }
        this.single = inputs.size() == 1 ? inputs.get(0) : null;
        this.named = inputs.size() == 1 ? null : new NamedInputsReader(inputs);
        this.inputSize = single != null ? single.floats() : named.rowFloats();
        this.maxBytes = maxBytes;
        this.maxKeyBytes = maxKeyBytes;
        this.layout = layout;
    }

    /** Floats per decoded row. */
    public int inputSize() {
        return inputSize;
    }

    public InputRecord decode(byte[] bytes) throws BadRecordException {
        return decode(bytes, 0);
    }

    /** Decodes a record that arrived at {@code arrivedMillis} (epoch ms), which it carries to the step. */
    public InputRecord decode(byte[] bytes, long arrivedMillis) throws BadRecordException {
        if (bytes == null || bytes.length == 0) {
            throw new BadRecordException(NOT_JSON, "empty record: not JSON");
        }
        if (bytes.length > maxBytes) {
            throw new BadRecordException(
                    TOO_LARGE, "record is " + bytes.length + " bytes, over the limit of " + maxBytes);
        }
        CharBuffer text = utf8.decode(bytes);
        int start = text.limit() > 0 && text.get(0) == '\uFEFF' ? 1 : 0; // a byte order mark, which JSON may ignore
        try (JsonParser p = JSON.createParser(text.array(), start, text.limit() - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecordException(NOT_JSON, "not a JSON object");
            }
            InputRecord s = readObject(p, arrivedMillis);
            if (p.nextToken() != null) {
                throw new BadRecordException(NOT_JSON, "not JSON: unexpected content after the object");
            }
            return s;
        } catch (StreamConstraintsException e) {
            throw new BadRecordException(LIMITS, ReadLimits.reason(e));
        } catch (JsonProcessingException e) {
            throw new BadRecordException(NOT_JSON, duplicate(e) != null ? duplicate(e) : "not JSON: " + describe(e));
        } catch (IOException e) {
            throw new BadRecordException(NOT_JSON, "not JSON: " + firstLine(e.getMessage()));
        }
    }

    private InputRecord readObject(JsonParser p, long arrivedMillis) throws IOException, BadRecordException {
        String key = null;
        float[][] x = null;
        boolean hasSeq = false;
        long seq = 0;
        boolean end = false;
        boolean hasTs = false;
        long ts = 0;
        InputRecord.Kind kind = InputRecord.Kind.SAMPLE;
        boolean hasKey = false;
        List<GivenState> states = null;
        boolean hasStep = false;
        long step = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "key" -> {
                    hasKey = true;
                    if (t != JsonToken.VALUE_STRING) {
                        throw new BadRecordException(BAD_KEY, "key must be a string");
                    }
                    key = p.getText();
                }
                case "x" -> x = single != null ? readX(p, t) : named.read(p, t);
                case "seq" -> {
                    seq = readLong(p, t, "seq");
                    hasSeq = true;
                }
                case "ts" -> {
                    ts = readLong(p, t, "ts");
                    hasTs = true;
                }
                case "end" -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw new BadRecordException(BAD_FIELD, "end must be true or false");
                    }
                    end = t == JsonToken.VALUE_TRUE;
                }
                case "type" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw new BadRecordException(BAD_TYPE, "type must be a string");
                    }
                    kind = switch (p.getText()) {
                        case "sample" -> InputRecord.Kind.SAMPLE;
                        case "reset" -> InputRecord.Kind.RESET;
                        case "get-state" -> InputRecord.Kind.GET_STATE;
                        case "set-state" -> InputRecord.Kind.SET_STATE;
                        default ->
                            throw new BadRecordException(
                                    BAD_TYPE,
                                    "unknown type '" + p.getText()
                                            + "': expected sample, reset, get-state or set-state");
                    };
                }
                case "states" -> states = readStates(p, t);
                case "step" -> {
                    step = readLong(p, t, "step");
                    hasStep = true;
                    if (step < 0) {
                        throw new BadRecordException(BAD_FIELD, "step must not be negative");
                    }
                }
                default -> p.skipChildren(); // fields the contract does not define are ignored
            }
        }
        if (!hasKey) {
            throw new BadRecordException(NO_KEY, "no key");
        }
        KeyCheck.check(key, maxKeyBytes);
        switch (kind) {
            case RESET, GET_STATE -> {
                return new InputRecord(
                        kind, key, InputRecord.NO_STEPS, hasSeq, seq, false, hasTs, ts, null, 0, arrivedMillis);
            }
            case SET_STATE -> {
                if (states == null) {
                    throw new BadRecordException(BAD_STATES, "no states: a set-state record needs states");
                }
                return new InputRecord(
                        kind,
                        key,
                        InputRecord.NO_STEPS,
                        hasSeq,
                        seq,
                        false,
                        hasTs,
                        ts,
                        flatten(states),
                        step,
                        arrivedMillis);
            }
            default -> {
                if (x == null) {
                    throw new BadRecordException(BAD_X, "no x: a sample needs x (or type reset)");
                }
                return new InputRecord(kind, key, x, hasSeq, seq, end, hasTs, ts, null, 0, arrivedMillis);
            }
        }
    }

    /** One entry of a set-state record's states: h and c of a recurrent layer, or a convolution's past inputs. */
    private record GivenState(float[] h, float[] c, float[][] inputs) {}

    /**
     * states: one object per stateful layer, {"h":[...]}, {"h":[...],"c":[...]} or {"inputs":[[...],...]};
     * other fields are ignored.
     */
    private List<GivenState> readStates(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(BAD_STATES, "states must be an array with one object per stateful layer");
        }
        List<GivenState> out = new ArrayList<>();
        for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken()) {
            String where = "states[" + out.size() + "]";
            if (s != JsonToken.START_OBJECT) {
                throw new BadRecordException(
                        BAD_STATES,
                        where + " must be an object with h (and c for an LSTM layer), or inputs for a convolution");
            }
            float[] h = null;
            float[] c = null;
            float[][] inputs = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                switch (f) {
                    case "h" -> h = readVector(p, v, where + ".h");
                    case "c" -> c = readVector(p, v, where + ".c");
                    case StateLayout.INPUTS -> inputs = readVectors(p, v, where + "." + StateLayout.INPUTS);
                    default -> p.skipChildren();
                }
            }
            out.add(new GivenState(h, c, inputs));
        }
        return out;
    }

    /** An array of vectors, e.g. a convolution's past inputs. */
    private static float[][] readVectors(JsonParser p, JsonToken t, String where)
            throws IOException, BadRecordException {
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(BAD_STATES, where + " must be an array of arrays of numbers");
        }
        List<float[]> rows = new ArrayList<>();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            rows.add(readVector(p, v, where + "[" + rows.size() + "]"));
        }
        return rows.toArray(new float[0][]);
    }

    private static float[] readVector(JsonParser p, JsonToken t, String where) throws IOException, BadRecordException {
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(BAD_STATES, where + " must be an array of numbers");
        }
        List<Float> values = new ArrayList<>();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadRecordException(BAD_NUMBER, where + "[" + values.size() + "] is not a number");
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d) || !Float.isFinite((float) d)) {
                throw new BadRecordException(
                        BAD_NUMBER, where + "[" + values.size() + "] is not a finite float32 number: " + p.getText());
            }
            values.add((float) d);
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Checks the states against the model's layout and lays them out flat, as the key's state is kept. */
    private float[] flatten(List<GivenState> states) throws BadRecordException {
        if (layout == null) {
            throw new BadRecordException(BAD_STATES, "set-state is not available here");
        }
        List<StateLayout.Entry> entries = layout.entries();
        if (states.size() != entries.size()) {
            throw new BadRecordException(
                    BAD_STATES,
                    "states has " + states.size() + " entr" + (states.size() == 1 ? "y" : "ies")
                            + ", the model has " + entries.size() + " stateful layer"
                            + (entries.size() == 1 ? "" : "s")
                            + " " + names(entries));
        }
        float[] flat = new float[layout.floats()];
        for (int i = 0; i < entries.size(); i++) {
            StateLayout.Entry e = entries.get(i);
            GivenState given = states.get(i);
            float[][] vectors = e.holdsInputs() ? inputs(i, e, given) : recurrent(i, e, given);
            for (int v = 0; v < e.vectors(); v++) {
                System.arraycopy(vectors[v], 0, flat, e.offset() + v * e.size(), e.size());
            }
        }
        return flat;
    }

    /** A recurrent layer's h (and c), each of its units. */
    private static float[][] recurrent(int i, StateLayout.Entry e, GivenState given) throws BadRecordException {
        String layer = "layer " + e.layerName() + " (" + e.layerType() + ", " + e.size() + " units)";
        if (given.inputs() != null) {
            throw new BadRecordException(
                    BAD_STATES,
                    "states[" + i + "] has inputs, but " + layer + " keeps h" + (e.vectors() == 2 ? " and c" : ""));
        }
        if (given.h() == null) {
            throw new BadRecordException(BAD_STATES, "states[" + i + "] has no h, for " + layer);
        }
        if (e.vectors() == 2 && given.c() == null) {
            throw new BadRecordException(BAD_STATES, "states[" + i + "] has no c, which " + layer + " needs");
        }
        if (e.vectors() == 1 && given.c() != null) {
            throw new BadRecordException(BAD_STATES, "states[" + i + "] has a c, but " + layer + " keeps only h");
        }
        float[][] vectors = e.vectors() == 2 ? new float[][] {given.h(), given.c()} : new float[][] {given.h()};
        for (int v = 0; v < vectors.length; v++) {
            if (vectors[v].length != e.size()) {
                throw new BadRecordException(
                        BAD_STATES,
                        "states[" + i + "]." + StateLayout.Entry.recurrentMember(v) + " has " + vectors[v].length
                                + " values, " + layer + " needs " + e.size());
            }
        }
        return vectors;
    }

    /** A causal convolution's past inputs, oldest first, each of its input channels. */
    private static float[][] inputs(int i, StateLayout.Entry e, GivenState given) throws BadRecordException {
        String layer = "layer " + e.layerName() + " (" + e.layerType() + ", " + e.vectors() + " past input"
                + (e.vectors() == 1 ? "" : "s") + " of " + e.size() + " channels)";
        if (given.h() != null || given.c() != null) {
            throw new BadRecordException(
                    BAD_STATES,
                    "states[" + i + "] has " + (given.h() != null ? "h" : "c") + ", but " + layer
                            + " keeps its past inputs: give them as inputs");
        }
        float[][] inputs = given.inputs();
        if (inputs == null) {
            throw new BadRecordException(BAD_STATES, "states[" + i + "] has no inputs, for " + layer);
        }
        if (inputs.length != e.vectors()) {
            throw new BadRecordException(
                    BAD_STATES,
                    "states[" + i + "].inputs has " + inputs.length + " vectors, " + layer + " needs " + e.vectors());
        }
        for (int v = 0; v < inputs.length; v++) {
            if (inputs[v].length != e.size()) {
                throw new BadRecordException(
                        BAD_STATES,
                        "states[" + i + "].inputs[" + v + "] has " + inputs[v].length + " values, " + layer + " needs "
                                + e.size());
            }
        }
        return inputs;
    }

    private static String names(List<StateLayout.Entry> entries) {
        List<String> n = new ArrayList<>();
        for (StateLayout.Entry e : entries) {
            n.add(e.layerName());
        }
        return n.toString();
    }

    /** x is one timestep [f1..fI] or several [[..],[..]]. */
    private float[][] readX(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(BAD_X, "x must be an array of numbers or an array of arrays");
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            throw new BadRecordException(BAD_X, "x is empty");
        }
        if (first != JsonToken.START_ARRAY) {
            return new float[][] {readStep(p, first, "x")};
        }
        List<float[]> steps = new ArrayList<>();
        for (JsonToken s = first; s != JsonToken.END_ARRAY; s = p.nextToken()) {
            String where = "x[" + steps.size() + "]";
            if (s != JsonToken.START_ARRAY) {
                throw new BadRecordException(BAD_X, where + " is not an array: all timesteps must be arrays");
            }
            steps.add(readStep(p, p.nextToken(), where));
        }
        return steps.toArray(new float[0][]);
    }

    /** Reads the numbers of one timestep; {@code t} is the token after its '['. */
    private float[] readStep(JsonParser p, JsonToken t, String where) throws IOException, BadRecordException {
        float[] v = new float[inputSize];
        int n = 0;
        for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadRecordException(BAD_NUMBER, where + "[" + n + "] is not a number");
            }
            double d = p.getDoubleValue();
            float f = (float) d; // the contract: inputs are rounded to the nearest float32
            if (!Double.isFinite(d) || !Float.isFinite(f)) {
                throw new BadRecordException(
                        BAD_NUMBER, where + "[" + n + "] is not a finite float32 number: " + p.getText());
            }
            if (single.takesIds() && !isId(d, single.size())) {
                throw new BadRecordException(BAD_X, badId(single, where + "[" + n + "]", p.getText()));
            }
            if (n < inputSize) {
                v[n] = f;
            }
            n++;
        }
        if (n != inputSize) {
            throw new BadRecordException(
                    BAD_X, where + " has " + n + " feature" + (n == 1 ? "" : "s") + ", the model expects " + inputSize);
        }
        return v;
    }

    /** An id is a whole number, {@code 0 <= id < vocabulary}: 5, 5.0 and 5e0 are all the id 5. */
    static boolean isId(double d, int vocabulary) {
        return d == Math.rint(d) && d >= 0 && d < vocabulary;
    }

    /** The reason for a value of an id input that is not one of its ids, naming the input and the value. */
    static String badId(ModelInput input, String where, String text) {
        return "input '" + input.name() + "' takes ids (whole numbers from 0 to " + (input.size() - 1) + "), but "
                + where + " is " + text;
    }

    private static long readLong(JsonParser p, JsonToken t, String field) throws IOException, BadRecordException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRecordException(BAD_FIELD, field + " must be an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new BadRecordException(BAD_FIELD, field + " is out of range: " + p.getText());
        }
        return p.getLongValue();
    }

    /** The reason for an object that names a member twice (which one counts would be a guess), else null. */
    private static String duplicate(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage(); // a name may hold a line break
        if (!m.startsWith(DUPLICATE) || !m.endsWith("'")) {
            return null;
        }
        String name = m.substring(DUPLICATE.length(), m.length() - 1);
        return "member '" + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "' appears twice";
    }

    /** Jackson's reason without its source excerpt, plus where in the record it went wrong. */
    private static String describe(JsonProcessingException e) {
        String m = firstLine(e.getOriginalMessage());
        int cut = m.indexOf(" (start marker at");
        if (cut > 0) {
            m = m.substring(0, cut);
        }
        return e.getLocation() == null || e.getLocation().getColumnNr() < 1
                ? m
                : m + " (at character " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
