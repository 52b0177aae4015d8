package lstmjob.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes predictions, resets and dead letters as the contract's JSON, with Jackson's generator (no tree). */
public final class OutputEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private OutputEncoder() {}

    public static byte[] encode(Output o) {
        return write(g -> {
            if (o instanceof Prediction p) {
                g.writeStringField("type", "prediction");
                g.writeStringField("key", p.key());
                if (p.hasSeq()) {
                    g.writeNumberField("seq", p.seq());
                }
                g.writeNumberField("step", p.step());
                g.writeArrayFieldStart("y");
                for (float v : p.y()) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
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
        });
    }

    /**
     * {"states":[{"layer":"lstm","h":[..],"c":[..]},{"layer":"conv1d","inputs":[[..],[..]]}, ...]}: the shape a
     * set-state record takes back; a causal convolution's past inputs oldest first.
     */
    static void writeStates(JsonGenerator g, float[] state, lstmjob.model.StateLayout layout) throws IOException {
        g.writeArrayFieldStart("states");
        for (lstmjob.model.StateLayout.Entry e : layout.entries()) {
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
        return write(g -> {
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
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Fields fields) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }
}
