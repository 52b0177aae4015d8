package lstmjob.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one input record (UTF-8 JSON, CONTRACT.md) with Jackson's streaming parser: no tree per record.
 * Every way a record can be wrong is a {@link BadRecordException} whose message says what is wrong.
 * Thread-safe: the factory is shared, a parser is made per record.
 */
public final class SampleDecoder {

    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    /** Objects and arrays nested deeper than this are refused before they are read. */
    static final int MAX_DEPTH = 16;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final int inputSize;
    private final int maxBytes;

    public SampleDecoder(int inputSize) {
        this(inputSize, DEFAULT_MAX_BYTES);
    }

    public SampleDecoder(int inputSize, int maxBytes) {
        this.inputSize = inputSize;
        this.maxBytes = maxBytes;
    }

    public int inputSize() {
        return inputSize;
    }

    public Sample decode(byte[] utf8) throws BadRecordException {
        if (utf8 == null || utf8.length == 0) {
            throw new BadRecordException("empty record: not JSON");
        }
        if (utf8.length > maxBytes) {
            throw new BadRecordException("record is " + utf8.length + " bytes, over the limit of " + maxBytes);
        }
        try (JsonParser p = JSON.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecordException("not a JSON object");
            }
            Sample s = readObject(p);
            if (p.nextToken() != null) {
                throw new BadRecordException("not JSON: unexpected content after the object");
            }
            return s;
        } catch (StreamConstraintsException e) {
            throw new BadRecordException("nested too deeply (more than " + MAX_DEPTH + " levels)");
        } catch (JsonProcessingException e) {
            throw new BadRecordException("not JSON: " + describe(e));
        } catch (IOException e) {
            throw new BadRecordException("not JSON: " + firstLine(e.getMessage()));
        }
    }

    private Sample readObject(JsonParser p) throws IOException, BadRecordException {
        String key = null;
        float[][] x = null;
        boolean hasSeq = false;
        long seq = 0;
        boolean end = false;
        boolean hasTs = false;
        long ts = 0;
        Sample.Kind kind = Sample.Kind.SAMPLE;
        boolean hasKey = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "key" -> {
                    hasKey = true;
                    if (t != JsonToken.VALUE_STRING) {
                        throw new BadRecordException("key must be a string");
                    }
                    key = p.getText();
                }
                case "x" -> x = readX(p, t);
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
                        throw new BadRecordException("end must be true or false");
                    }
                    end = t == JsonToken.VALUE_TRUE;
                }
                case "type" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw new BadRecordException("type must be a string");
                    }
                    kind = switch (p.getText()) {
                        case "sample" -> Sample.Kind.SAMPLE;
                        case "reset" -> Sample.Kind.RESET;
                        default -> throw new BadRecordException("unknown type '" + p.getText()
                                + "': expected sample or reset");
                    };
                }
                default -> p.skipChildren(); // fields the contract does not define are ignored
            }
        }
        if (!hasKey) {
            throw new BadRecordException("no key");
        }
        if (key.isEmpty()) {
            throw new BadRecordException("empty key");
        }
        if (kind == Sample.Kind.RESET) {
            return new Sample(kind, key, Sample.NO_STEPS, hasSeq, seq, false, hasTs, ts);
        }
        if (x == null) {
            throw new BadRecordException("no x: a sample needs x (or type reset)");
        }
        return new Sample(kind, key, x, hasSeq, seq, end, hasTs, ts);
    }

    /** x is one timestep [f1..fI] or several [[..],[..]]. */
    private float[][] readX(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException("x must be an array of numbers or an array of arrays");
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            throw new BadRecordException("x is empty");
        }
        if (first != JsonToken.START_ARRAY) {
            return new float[][] {readStep(p, first, "x")};
        }
        List<float[]> steps = new ArrayList<>();
        for (JsonToken s = first; s != JsonToken.END_ARRAY; s = p.nextToken()) {
            String where = "x[" + steps.size() + "]";
            if (s != JsonToken.START_ARRAY) {
                throw new BadRecordException(where + " is not an array: all timesteps must be arrays");
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
                throw new BadRecordException(where + "[" + n + "] is not a number");
            }
            double d = p.getDoubleValue();
            float f = (float) d; // the contract: inputs are rounded to the nearest float32
            if (!Double.isFinite(d) || !Float.isFinite(f)) {
                throw new BadRecordException(where + "[" + n + "] is not a finite float32 number: " + p.getText());
            }
            if (n < inputSize) {
                v[n] = f;
            }
            n++;
        }
        if (n != inputSize) {
            throw new BadRecordException(where + " has " + n + " feature" + (n == 1 ? "" : "s")
                    + ", the model expects " + inputSize);
        }
        return v;
    }

    private static long readLong(JsonParser p, JsonToken t, String field) throws IOException, BadRecordException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRecordException(field + " must be an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new BadRecordException(field + " is out of range: " + p.getText());
        }
        return p.getLongValue();
    }

    /** Jackson's reason without its source excerpt, plus where in the record it went wrong. */
    private static String describe(JsonProcessingException e) {
        String m = firstLine(e.getOriginalMessage());
        int cut = m.indexOf(" (start marker at");
        if (cut > 0) {
            m = m.substring(0, cut);
        }
        return e.getLocation() == null || e.getLocation().getColumnNr() < 1 ? m
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
