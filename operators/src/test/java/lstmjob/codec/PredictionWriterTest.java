package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import lstmjob.model.ModelOutput;
import org.junit.jupiter.api.Test;

/**
 * The encoder's direct prediction path writes exactly what a Jackson generator writes for the same fields: random
 * keys (plain, with quotes, backslashes, control characters, non-ASCII), seqs, steps, timestamps and floats (any bit
 * pattern, NaN and infinities included), one output and several. The expected bytes come from a generator this test
 * drives itself, field by field, as docs/wire-format.md lays a prediction out.
 */
class PredictionWriterTest {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static String reference(Prediction p, List<ModelOutput> outputs) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("type", "prediction");
            g.writeStringField("key", p.key());
            if (p.hasSeq()) {
                g.writeNumberField("seq", p.seq());
            }
            g.writeNumberField("step", p.step());
            g.writeFieldName("y");
            if (outputs.size() > 1) {
                g.writeStartObject();
            }
            int from = 0;
            for (ModelOutput o : outputs) {
                if (outputs.size() > 1) {
                    g.writeFieldName(o.name());
                }
                g.writeStartArray();
                for (int i = from; i < from + o.size(); i++) {
                    g.writeNumber(p.y()[i]);
                }
                g.writeEndArray();
                from += o.size();
            }
            if (outputs.size() > 1) {
                g.writeEndObject();
            }
            if (p.hasTs()) {
                g.writeNumberField("ts", p.ts());
            }
            g.writeEndObject();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String key(Random rnd) {
        String[] pieces = {"sensor-", "k", "\"", "\\", "\n", "\u0001", "\u007f", "é", "温度", "/", " ", "😀", "9"};
        StringBuilder k = new StringBuilder();
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            k.append(pieces[rnd.nextInt(rnd.nextBoolean() ? 2 : pieces.length)]);
        }
        return k.toString();
    }

    private static float value(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> Float.NaN;
            case 1 -> rnd.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            case 2 -> rnd.nextBoolean() ? 0f : -0f;
            case 3 -> rnd.nextFloat();
            default -> Float.intBitsToFloat(rnd.nextInt());
        };
    }

    private static long number(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            case 1 -> rnd.nextInt(1000);
            default -> rnd.nextLong();
        };
    }

    @Test
    void writesWhatTheGeneratorWrites() throws Exception {
        List<List<ModelOutput>> shapes = List.of(
                List.of(new ModelOutput("dense", 1)),
                List.of(new ModelOutput("dense", 7)),
                List.of(new ModelOutput("next_activity", 3), new ModelOutput("time", 1)),
                List.of(new ModelOutput("a\"b", 2), new ModelOutput("température", 40)));
        Random rnd = new Random(11);
        for (List<ModelOutput> outputs : shapes) {
            OutputEncoder encoder = new OutputEncoder(outputs);
            int size = outputs.stream().mapToInt(ModelOutput::size).sum();
            for (int round = 0; round < 3_000; round++) {
                float[] y = new float[size];
                for (int i = 0; i < size; i++) {
                    y[i] = value(rnd);
                }
                Prediction p = new Prediction(
                        key(rnd), rnd.nextBoolean(), number(rnd), number(rnd), y, rnd.nextBoolean(), number(rnd));
                assertEquals(
                        reference(p, outputs), new String(encoder.encode(p), StandardCharsets.UTF_8), "key " + p.key());
            }
        }
    }

    @Test
    void leavesKeysThatNeedEscapingToTheGenerator() {
        PredictionWriter w = new PredictionWriter(null, new int[] {0}, new int[] {1});
        for (String key : new String[] {"a\"b", "a\\b", "tab\t", "é", "\u007f"}) {
            assertNull(w.write(new Prediction(key, false, 0, 1, new float[] {1f}, false, 0)), key);
        }
    }
}
