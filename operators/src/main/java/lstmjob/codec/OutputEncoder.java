package lstmjob.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import lstmjob.model.ModelOutput;
import lstmjob.model.StateLayout;

/**
 * Writes predictions, resets, state reports and dead letters as the contract's JSON, with Jackson's generator (no
 * tree). A prediction's {@code y} is written for the model's outputs: one output's vector as an array, several as an
 * object with one member per output; with top-k, each output's k largest values and their indices instead of the
 * whole vector (docs/wire-format.md). Predictions with whole vectors, most of what is written, go through
 * {@link PredictionWriter}, which writes the same bytes without the generator. One per thread: it reuses its buffers.
 */
public final class OutputEncoder {

    /**
     * Floats written by the shortest decimal that reads back as the same float (Schubfach), several times faster than
     * {@code Float.toString}, which JDK 17 uses otherwise.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private final String[] names;
    /** Where each output's floats start in a prediction's flat row, and how many it has. */
    private final int[] offsets;

    private final int[] sizes;
    /** 0: whole vectors. */
    private final int topK;
    /** The indices of the k largest values of one output, best first once sorted. */
    private final int[] best;

    /** Predictions with whole vectors and a plain key; null with top-k. */
    private final PredictionWriter predictions;

    private final ByteArrayBuilder out = new ByteArrayBuilder(256);
    /**
     * Kept from record to record (creating one per record costs more than writing a prediction); each record is one
     * root-level object, flushed into {@link #out} and taken out whole.
     */
    private JsonGenerator g;

    /** Whole output vectors. */
    public OutputEncoder(List<ModelOutput> outputs) {
        this(outputs, 0);
    }

    /**
     * @param outputs the model's outputs ({@code Model.outputs()}), in the order of a prediction's flat row
     * @param topK    each output's {@code topK} largest values with their indices; 0 for whole vectors
     */
    public OutputEncoder(List<ModelOutput> outputs, int topK) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a model has at least one output");
        }
        String problem = topKProblem(outputs, topK);
        if (problem != null) {
            throw new IllegalArgumentException("top-k " + problem);
        }
        this.names = new String[outputs.size()];
        this.offsets = new int[outputs.size()];
        this.sizes = new int[outputs.size()];
        int offset = 0;
        for (int i = 0; i < names.length; i++) {
            names[i] = outputs.get(i).name();
            offsets[i] = offset;
            sizes[i] = outputs.get(i).size();
            offset += sizes[i];
        }
        this.topK = topK;
        this.best = new int[topK];
        this.predictions = topK == 0 ? new PredictionWriter(quotedNames(), offsets, sizes) : null;
    }

    /** Several outputs: each name as the generator writes it (quoted, escaped); one output: null. */
    private byte[][] quotedNames() {
        if (names.length == 1) {
            return null;
        }
        byte[][] quoted = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            try (ByteArrayBuilder b = new ByteArrayBuilder(64);
                    JsonGenerator g = JSON.createGenerator(b)) {
                g.writeString(names[i]);
                g.flush();
                quoted[i] = b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("writing JSON to memory cannot fail", e);
            }
        }
        return quoted;
    }

    /**
     * What is wrong with {@code topK} for these outputs, to follow the setting's name in a message; null when it
     * fits (0, or at most every output's size).
     */
    public static String topKProblem(List<ModelOutput> outputs, int topK) {
        if (topK < 0) {
            return topK + " must not be negative";
        }
        for (ModelOutput o : outputs) {
            if (topK > o.size()) {
                return topK + " is more than the model's output '" + o.name() + "' has: " + o.size() + " value"
                        + (o.size() == 1 ? "" : "s");
            }
        }
        return null;
    }

    public byte[] encode(Output o) {
        if (predictions != null && o instanceof Prediction p) {
            byte[] written = predictions.write(p);
            if (written != null) {
                return written;
            }
        }
        try {
            if (g == null) {
                out.reset();
                g = JSON.createGenerator(out);
                g.setRootValueSeparator(null); // one object per call: nothing between them
            }
            g.writeStartObject();
            if (o instanceof Prediction p) {
                g.writeStringField("type", "prediction");
                g.writeStringField("key", p.key());
                if (p.hasSeq()) {
                    g.writeNumberField("seq", p.seq());
                }
                g.writeNumberField("step", p.step());
                g.writeFieldName("y");
                writeY(g, p.y());
                if (p.hasTs()) {
                    g.writeNumberField("ts", p.ts());
                }
            } else if (o instanceof Reset r) {
                g.writeStringField("type", "reset");
                g.writeStringField("key", r.key());
                g.writeNumberField("steps", r.steps());
                g.writeStringField("reason", r.reason());
            } else if (o instanceof StateReport s) {
                g.writeStringField("type", "state");
                g.writeStringField("key", s.key());
                writeStates(g, s.state(), s.layout());
                g.writeNumberField("step", s.steps());
                if (s.hasSeq()) {
                    g.writeNumberField("seq", s.lastSeq());
                }
            }
            g.writeEndObject();
            g.flush();
            byte[] bytes = out.toByteArray();
            out.reset();
            return bytes;
        } catch (IOException e) {
            g = null;
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        } catch (RuntimeException e) {
            g = null; // half an object may be in it: the next call starts a new generator
            throw e;
        }
    }

    /** One output: its vector (the whole row, as it is); several: an object of them by name. */
    private void writeY(JsonGenerator g, float[] y) throws IOException {
        if (names.length == 1) {
            writeVector(g, y, 0, topK == 0 ? y.length : sizes[0]);
            return;
        }
        g.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            g.writeFieldName(names[i]);
            writeVector(g, y, offsets[i], sizes[i]);
        }
        g.writeEndObject();
    }

    /** {@code [..]}, or with top-k {@code {"indices":[..],"values":[..]}}, largest first. */
    private void writeVector(JsonGenerator g, float[] y, int from, int size) throws IOException {
        if (topK == 0) {
            g.writeStartArray();
            for (int i = from; i < from + size; i++) {
                g.writeNumber(y[i]);
            }
            g.writeEndArray();
            return;
        }
        selectTopK(y, from, size);
        g.writeStartObject();
        g.writeArrayFieldStart("indices");
        for (int j = 0; j < topK; j++) {
            g.writeNumber(best[j]);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("values");
        for (int j = 0; j < topK; j++) {
            g.writeNumber(y[from + best[j]]);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Leaves in {@code best} the indices of the {@code topK} largest of {@code y[from..from+size)}, largest first,
     * equal values by lower index, NaN after every number: a heap of the k best so far whose root is the worst of
     * them, then sorted by taking the root out k times. O(size log k), no allocation.
     */
    private void selectTopK(float[] y, int from, int size) {
        int k = topK;
        for (int i = 0; i < k; i++) {
            best[i] = i;
        }
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(y, from, i, k);
        }
        for (int i = k; i < size; i++) {
            if (better(y, from, i, best[0])) {
                best[0] = i;
                siftDown(y, from, 0, k);
            }
        }
        for (int end = k - 1; end > 0; end--) {
            int worst = best[0];
            best[0] = best[end];
            best[end] = worst;
            siftDown(y, from, 0, end);
        }
    }

    /** Restores the heap below {@code i} (of the first {@code n} entries): every entry is worse than its children. */
    private void siftDown(float[] y, int from, int i, int n) {
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                return;
            }
            if (c + 1 < n && better(y, from, best[c], best[c + 1])) {
                c++; // the worse child
            }
            if (!better(y, from, best[i], best[c])) {
                return;
            }
            int t = best[i];
            best[i] = best[c];
            best[c] = t;
            i = c;
        }
    }

    /** Whether the value at index {@code a} ranks before the one at {@code b}. */
    private static boolean better(float[] y, int from, int a, int b) {
        float va = y[from + a];
        float vb = y[from + b];
        if (va > vb) {
            return true;
        }
        if (va < vb) {
            return false;
        }
        boolean nanA = Float.isNaN(va);
        boolean nanB = Float.isNaN(vb);
        if (nanA != nanB) {
            return nanB;
        }
        return a < b; // equal (0.0 and -0.0 too), or both NaN
    }

    /**
     * {"states":[{"layer":"lstm","h":[..],"c":[..]},{"layer":"conv1d","inputs":[[..],[..]]}, ...]}: the shape a
     * set-state record takes back; a causal convolution's past inputs oldest first.
     */
    static void writeStates(JsonGenerator g, float[] state, StateLayout layout) throws IOException {
        g.writeArrayFieldStart("states");
        for (StateLayout.Entry e : layout.entries()) {
            g.writeStartObject();
            g.writeStringField("layer", e.layerName());
            if (e.holdsInputs()) {
                g.writeArrayFieldStart(lstmjob.model.StateLayout.INPUTS);
            }
            for (int v = 0; v < e.vectors(); v++) {
                if (e.holdsInputs()) {
                    g.writeStartArray();
                } else {
                    g.writeArrayFieldStart(lstmjob.model.StateLayout.Entry.recurrentMember(v));
                }
                int from = e.offset() + v * e.size();
                for (int i = 0; i < e.size(); i++) {
                    g.writeNumber(state[from + i]);
                }
                g.writeEndArray();
            }
            if (e.holdsInputs()) {
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    public static byte[] encode(DeadLetter d) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256);
                JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("error", d.error());
            g.writeStringField("raw", d.raw());
            if (d.rawBase64()) {
                g.writeStringField("raw_encoding", "base64");
            }
            if (d.rawTruncated()) {
                g.writeBooleanField("raw_truncated", true);
                g.writeNumberField("raw_size", d.rawSize());
            }
            g.writeStringField("source", d.source());
            g.writeEndObject();
            g.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }
}
