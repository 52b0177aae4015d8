package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import lstmjob.model.ModelOutput;
import lstmjob.model.StateLayout;
import org.junit.jupiter.api.Test;

/** Predictions for one output and for several, whole or top-k; the expected JSON is written out by hand. */
class OutputEncoderTest {

    private static final List<ModelOutput> ONE = List.of(new ModelOutput("dense", 2));
    private static final List<ModelOutput> TWO =
            List.of(new ModelOutput("next_activity", 3), new ModelOutput("time", 1));

    private static String json(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Prediction prediction(float... y) {
        return new Prediction("s-1", true, 42, 4, y, true, 1700000000000L);
    }

    @Test
    void oneOutputIsAnArrayAsBefore() {
        assertEquals(
                "{\"type\":\"prediction\",\"key\":\"s-1\",\"seq\":42,\"step\":4,\"y\":[0.93,-1.0],"
                        + "\"ts\":1700000000000}",
                json(new OutputEncoder(ONE).encode(prediction(0.93f, -1f))));
        assertEquals(
                "{\"type\":\"prediction\",\"key\":\"k\",\"step\":1,\"y\":[1.0E-5,\"NaN\"]}",
                json(new OutputEncoder(ONE)
                        .encode(new Prediction("k", false, 0, 1, new float[] {1e-5f, Float.NaN}, false, 0))));
    }

    /** Every finite float is written so that the JDK reads back the very same float. */
    @Test
    void everyFloatReadsBackAsItself() throws Exception {
        Random rnd = new Random(3);
        float[] edges = {
            0f,
            -0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MIN_NORMAL,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            1e-5f,
            1e7f,
            2e-8f,
            0.1f,
            1f / 3
        };
        OutputEncoder e = new OutputEncoder(List.of(new ModelOutput("y", edges.length)));
        for (int round = 0; round < 20_000; round++) {
            float[] y = round == 0 ? edges : new float[edges.length];
            for (int i = 0; round > 0 && i < y.length; i++) {
                do {
                    y[i] = Float.intBitsToFloat(rnd.nextInt());
                } while (!Float.isFinite(y[i]));
            }
            String json = json(e.encode(new Prediction("k", false, 0, 1, y, false, 0)));
            String[] written =
                    json.substring(json.indexOf('[') + 1, json.indexOf(']')).split(",");
            assertEquals(y.length, written.length, json);
            for (int i = 0; i < y.length; i++) {
                assertEquals(Float.floatToIntBits(y[i]), Float.floatToIntBits(Float.parseFloat(written[i])), json);
            }
        }
    }

    @Test
    void severalOutputsAreAnObjectByOutputName() {
        assertEquals(
                "{\"type\":\"prediction\",\"key\":\"s-1\",\"seq\":42,\"step\":4,"
                        + "\"y\":{\"next_activity\":[0.1,0.2,0.7],\"time\":[0.7]},\"ts\":1700000000000}",
                json(new OutputEncoder(TWO).encode(prediction(0.1f, 0.2f, 0.7f, 0.7f))));
    }

    @Test
    void resetsAndStateReportsDoNotDependOnTheOutputs() {
        OutputEncoder e = new OutputEncoder(TWO, 1);
        assertEquals(
                "{\"type\":\"reset\",\"key\":\"k\",\"steps\":17,\"reason\":\"end\"}",
                json(e.encode(new Reset("k", 17, "end"))));
        StateLayout layout = new StateLayout(List.of(new StateLayout.Entry("gru", "GRU", 1, 2, 0)));
        assertEquals(
                "{\"type\":\"state\",\"key\":\"k\",\"states\":[{\"layer\":\"gru\",\"h\":[0.5,-0.25]}],\"step\":3,"
                        + "\"seq\":9}",
                json(e.encode(new StateReport("k", new float[] {0.5f, -0.25f}, layout, 3, true, 9))));
    }

    @Test
    void topKOfOneOutputIsItsLargestValuesWithTheirIndicesTiesByLowerIndex() {
        OutputEncoder e = new OutputEncoder(List.of(new ModelOutput("intent", 6)), 3);
        assertEquals(
                "{\"type\":\"prediction\",\"key\":\"s-1\",\"seq\":42,\"step\":4,"
                        + "\"y\":{\"indices\":[1,3,5],\"values\":[0.5,0.5,0.3]},\"ts\":1700000000000}",
                json(e.encode(prediction(0.1f, 0.5f, -2f, 0.5f, 0.25f, 0.3f))));
        // the buffer is reused: a second record is ranked afresh
        assertEquals(
                "{\"type\":\"prediction\",\"key\":\"s-1\",\"seq\":42,\"step\":4,"
                        + "\"y\":{\"indices\":[5,4,0],\"values\":[9.0,8.0,7.0]},\"ts\":1700000000000}",
                json(e.encode(prediction(7f, 1f, 2f, 3f, 8f, 9f))));
    }

    @Test
    void topKOfSeveralOutputsIsPerMember() {
        OutputEncoder e = new OutputEncoder(TWO, 1);
        assertEquals(
                "{\"type\":\"prediction\",\"key\":\"s-1\",\"seq\":42,\"step\":4,\"y\":{"
                        + "\"next_activity\":{\"indices\":[2],\"values\":[0.7]},"
                        + "\"time\":{\"indices\":[0],\"values\":[-3.5]}},\"ts\":1700000000000}",
                json(e.encode(prediction(0.1f, 0.2f, 0.7f, -3.5f))));
    }

    @Test
    void topKOfTheWholeOutputSortsItAndNaNComesLast() {
        OutputEncoder e = new OutputEncoder(List.of(new ModelOutput("y", 5)), 5);
        assertEquals(
                "{\"type\":\"prediction\",\"key\":\"s-1\",\"seq\":42,\"step\":4,"
                        + "\"y\":{\"indices\":[3,0,4,2,1],\"values\":[\"Infinity\",0.0,-0.0,-1.0,\"NaN\"]},"
                        + "\"ts\":1700000000000}",
                json(e.encode(prediction(0f, Float.NaN, -1f, Float.POSITIVE_INFINITY, -0f))));
    }

    @Test
    void topKMatchesASortOfTheIndices() throws Exception {
        Random r = new Random(7);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int trial = 0; trial < 300; trial++) {
            int size = 1 + r.nextInt(60);
            int k = 1 + r.nextInt(size);
            float[] y = new float[size];
            for (int i = 0; i < size; i++) {
                y[i] = r.nextInt(8) / 4f - 1f; // few distinct values: many ties
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                order.add(i);
            }
            order.sort(Comparator.<Integer>comparingDouble(i -> -y[i]).thenComparingInt(i -> i));
            com.fasterxml.jackson.databind.JsonNode got = json.readTree(
                            new OutputEncoder(List.of(new ModelOutput("y", size)), k).encode(prediction(y)))
                    .path("y");
            for (int j = 0; j < k; j++) {
                assertEquals(order.get(j), got.path("indices").path(j).asInt(), "trial " + trial);
                assertEquals(y[order.get(j)], got.path("values").path(j).floatValue(), 0f);
            }
            assertEquals(k, got.path("indices").size());
        }
    }

    @Test
    void aTopKOverAnOutputsSizeIsRefused() {
        assertEquals(
                "4 is more than the model's output 'next_activity' has: 3 values", OutputEncoder.topKProblem(TWO, 4));
        assertEquals("2 is more than the model's output 'time' has: 1 value", OutputEncoder.topKProblem(TWO, 2));
        assertEquals(null, OutputEncoder.topKProblem(TWO, 1));
        assertEquals(null, OutputEncoder.topKProblem(TWO, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutputEncoder(ONE, 3));
        assertEquals("top-k 3 is more than the model's output 'dense' has: 2 values", e.getMessage());
    }
}
