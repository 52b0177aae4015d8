package lstmjob.codec;

import static lstmjob.codec.DeadLetterReason.BAD_NUMBER;
import static lstmjob.codec.DeadLetterReason.BAD_X;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.ModelInput;

/**
 * Reads the {@code x} of a model with several inputs (docs/wire-format.md, "Several inputs"): an object with one
 * member per input, each one timestep {@code [..]} or several {@code [[..],[..]]}, all with the same number of
 * timesteps. The rows it gives are flat, as the stepper reads them: per timestep, every input's floats in the model's
 * order. Members may come in any order, so each is read into its own buffer, kept from record to record, and the
 * rows are laid out once the object is read. One per decoder.
 */
final class NamedInputsReader {

    private final List<ModelInput> inputs;
    private final Map<String, Integer> byName = new HashMap<>();
    /** Where each input's floats start in a row. */
    private final int[] offsets;

    private final int rowFloats;
    /** The inputs' names, for messages: "load, speed, station". */
    private final String names;
    /** Per input, the floats of its timesteps in this record; grown as needed, never shrunk. */
    private final float[][] values;
    /** Per input, its timesteps in this record; -1 while its member has not been read. */
    private final int[] steps;

    NamedInputsReader(List<ModelInput> inputs) {
        this.inputs = List.copyOf(inputs);
        this.offsets = new int[inputs.size()];
        this.values = new float[inputs.size()][];
        this.steps = new int[inputs.size()];
        int offset = 0;
        StringBuilder n = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            ModelInput in = inputs.get(i);
            if (byName.put(in.name(), i) != null) {
                throw new IllegalArgumentException("two inputs are named '" + in.name() + "'");
            }
            offsets[i] = offset;
            offset += in.floats();
            values[i] = new float[in.floats() * 16];
            n.append(i == 0 ? "" : ", ").append(in.name());
        }
        this.rowFloats = offset;
        this.names = n.toString();
    }

    /** Floats per row: the sum of the inputs' floats. */
    int rowFloats() {
        return rowFloats;
    }

    /** Reads x, whose first token {@code t} has been read, to its rows. */
    float[][] read(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException(BAD_X, "x must be an object with one member per model input (" + names + ")");
        }
        Arrays.fill(steps, -1);
        int first = -1; // the first member read: the others must have as many timesteps
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer i = byName.get(name);
            if (i == null) {
                throw new BadRecordException(
                        BAD_X,
                        "x has a member '" + shorten(name) + "', which is not an input of the model (" + names + ")");
            }
            steps[i] = readMember(p, p.nextToken(), i);
            if (first < 0) {
                first = i;
            } else if (steps[i] != steps[first]) {
                throw new BadRecordException(
                        BAD_X,
                        "x." + name + " has " + timesteps(steps[i]) + ", but x."
                                + inputs.get(first).name() + " has " + timesteps(steps[first])
                                + ": every member of x needs the same number of timesteps");
            }
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] < 0) {
                throw new BadRecordException(
                        BAD_X, "x has no member '" + inputs.get(i).name() + "': the model's inputs are " + names);
            }
        }
        float[][] rows = new float[steps[first]][rowFloats];
        for (int i = 0; i < values.length; i++) {
            int f = inputs.get(i).floats();
            for (int s = 0; s < rows.length; s++) {
                System.arraycopy(values[i], s * f, rows[s], offsets[i], f);
            }
        }
        return rows;
    }

    /** Reads one member into its input's buffer; gives its number of timesteps. */
    private int readMember(JsonParser p, JsonToken t, int input) throws IOException, BadRecordException {
        String name = inputs.get(input).name();
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(BAD_X, "x." + name + " must be an array of numbers or an array of arrays");
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            throw new BadRecordException(BAD_X, "x." + name + " is empty");
        }
        if (first != JsonToken.START_ARRAY) {
            readStep(p, first, input, 0, false);
            return 1;
        }
        int s = 0;
        for (JsonToken step = first; step != JsonToken.END_ARRAY; step = p.nextToken()) {
            if (step != JsonToken.START_ARRAY) {
                throw new BadRecordException(
                        BAD_X, "x." + name + "[" + s + "] is not an array: all timesteps must be arrays");
            }
            readStep(p, p.nextToken(), input, s, true);
            s++;
        }
        return s;
    }

    /**
     * Reads the numbers of timestep {@code s} of an input; {@code t} is the token after its '['. {@code chunk}: the
     * member is written as several timesteps, so that messages say which one.
     */
    private void readStep(JsonParser p, JsonToken t, int input, int s, boolean chunk)
            throws IOException, BadRecordException {
        ModelInput in = inputs.get(input);
        int f = in.floats();
        float[] buffer = values[input];
        if (buffer.length < (s + 1) * f) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, (s + 1) * f));
            values[input] = buffer;
        }
        int n = 0;
        for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadRecordException(BAD_NUMBER, where(in, s, chunk) + "[" + n + "] is not a number");
            }
            double d = p.getDoubleValue();
            float v = (float) d; // the contract: inputs are rounded to the nearest float32
            if (!Double.isFinite(d) || !Float.isFinite(v)) {
                throw new BadRecordException(
                        BAD_NUMBER, where(in, s, chunk) + "[" + n + "] is not a finite float32 number: " + p.getText());
            }
            if (in.takesIds() && !InputDecoder.isId(d, in.size())) {
                throw new BadRecordException(
                        BAD_X, InputDecoder.badId(in, where(in, s, chunk) + "[" + n + "]", p.getText()));
            }
            if (n < f) {
                buffer[s * f + n] = v;
            }
            n++;
        }
        if (n != f) {
            throw new BadRecordException(
                    BAD_X,
                    in.takesIds()
                            ? where(in, s, chunk) + " has " + n + " values, input '" + in.name()
                                    + "' takes one id per timestep"
                            : where(in, s, chunk) + " has " + n + " feature" + (n == 1 ? "" : "s") + ", input '"
                                    + in.name() + "' expects " + f);
        }
    }

    /** "x.load" for a member written as one timestep, "x.load[1]" for the second timestep of a chunk. */
    private static String where(ModelInput in, int s, boolean chunk) {
        return chunk ? "x." + in.name() + "[" + s + "]" : "x." + in.name();
    }

    private static String timesteps(int n) {
        return n + " timestep" + (n == 1 ? "" : "s");
    }

    private static String shorten(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "..." : name;
    }
}
