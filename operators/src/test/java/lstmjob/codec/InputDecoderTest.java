package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import lstmjob.model.StateLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputDecoderTest {

    /** An LSTM of 2 units then a GRU of 1: set-state records are checked against it. */
    private static final StateLayout LAYOUT = new StateLayout(
            List.of(new StateLayout.Entry("lstm", "LSTM", 2, 2, 0), new StateLayout.Entry("gru", "GRU", 1, 1, 4)));

    private final InputDecoder decoder = new InputDecoder(3, 1000, 16, LAYOUT);

    private InputRecord decode(String json) throws BadRecordException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private String reason(String json) {
        return assertThrows(BadRecordException.class, () -> decode(json)).getMessage();
    }

    @Test
    void decodesOneTimestepWithAllFields() throws Exception {
        InputRecord s = decode("{\"key\":\"k\",\"x\":[1,2.5,-3e-2],\"seq\":42,\"end\":true,\"ts\":1700000000000,"
                + "\"extra\":{\"a\":[1]}}");
        assertEquals(InputRecord.Kind.SAMPLE, s.kind());
        assertEquals("k", s.key());
        assertEquals(1, s.x().length);
        assertArrayEquals(new float[] {1f, 2.5f, -0.03f}, s.x()[0]);
        assertTrue(s.hasSeq());
        assertEquals(42, s.seq());
        assertTrue(s.end());
        assertTrue(s.hasTs());
        assertEquals(1700000000000L, s.ts());
    }

    @Test
    void decodesSeveralTimestepsInOrder() throws Exception {
        InputRecord s = decode("{\"x\":[[1,2,3],[4,5,6]],\"key\":\"dev α/1\"}");
        assertEquals("dev α/1", s.key());
        assertEquals(2, s.x().length);
        assertArrayEquals(new float[] {4f, 5f, 6f}, s.x()[1]);
        assertFalse(s.hasSeq());
        assertFalse(s.end());
        assertFalse(s.hasTs());
    }

    /** Numbers of every shape read as the JDK reads them: Double.parseDouble, then rounded to float32. */
    @Test
    void readsNumbersAsTheJdkDoes() throws Exception {
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            String[] xs = new String[3];
            for (int j = 0; j < xs.length; j++) {
                xs[j] = switch (rnd.nextInt(4)) {
                    case 0 -> Float.toString(Float.intBitsToFloat(rnd.nextInt()) % 1e30f);
                    case 1 -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(60) - 30));
                    case 2 ->
                        (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(1000) + "." + rnd.nextLong(1_000_000_000L)
                                + rnd.nextLong(1_000_000_000L) + "e" + (rnd.nextInt(70) - 40);
                    default -> Long.toString(rnd.nextLong() >> rnd.nextInt(64));
                };
                if (xs[j].contains("NaN") || xs[j].contains("Infinity")) {
                    xs[j] = "0.5";
                }
            }
            float[] x = decode("{\"key\":\"k\",\"x\":[" + String.join(",", xs) + "]}")
                    .x()[0];
            for (int j = 0; j < xs.length; j++) {
                assertEquals(
                        Float.floatToIntBits((float) Double.parseDouble(xs[j])), Float.floatToIntBits(x[j]), xs[j]);
            }
        }
    }

    @Test
    void roundsInputsToNearestFloat32() throws Exception {
        InputRecord s = decode("{\"key\":\"k\",\"x\":[0.1,1.00000001,3.4e38]}");
        assertEquals(0.1f, s.x()[0][0]);
        assertEquals(1.0f, s.x()[0][1]);
        assertEquals(3.4e38f, s.x()[0][2]);
    }

    @Test
    void controlResetNeedsNoX() throws Exception {
        InputRecord s = decode("{\"key\":\"k\",\"type\":\"reset\",\"seq\":7}");
        assertEquals(InputRecord.Kind.RESET, s.kind());
        assertEquals(0, s.x().length);
        assertEquals(7, s.seq());
    }

    @Test
    void decodesGetState() throws Exception {
        InputRecord s = decode("{\"type\":\"get-state\",\"key\":\"k\"}");
        assertEquals(InputRecord.Kind.GET_STATE, s.kind());
        assertFalse(s.hasSeq());
    }

    @Test
    void decodesSetStateInTheLayoutsOrder() throws Exception {
        InputRecord s = decode("{\"key\":\"k\",\"states\":[{\"layer\":\"lstm\",\"c\":[3,4],\"h\":[1,2]},{\"h\":[5]}],"
                + "\"type\":\"set-state\",\"step\":3,\"seq\":9}");
        assertEquals(InputRecord.Kind.SET_STATE, s.kind());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, s.states()); // lstm h, lstm c, gru h
        assertEquals(3, s.step());
        assertEquals(9, s.seq());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no states        | "
                        + "{\"key\":\"k\",\"type\":\"set-state\"}                                                | "
                        + "no states: a set-state record needs states",
                "states not array | "
                        + "{\"key\":\"k\",\"type\":\"set-state\",\"states\":{}}                                   | "
                        + "states must be an array with one object per stateful layer",
                "too few layers   | "
                        + "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1,2],\"c\":[1,2]}]}          | "
                        + "states has 1 entry, the model has 2 stateful layers [lstm, gru]",
                "lstm without c   | "
                        + "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1,2]},{\"h\":[1]}]}          | "
                        + "states[0] has no c, which layer lstm (LSTM, 2 units) needs",
                "gru with c       | "
                        + "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1,2],\"c\":[1,2]},{\"h\":[1],"
                        + "\"c\":[1]}]} | states[1] has a c, but layer gru (GRU, 1 units) keeps only h",
                "wrong size       | "
                        + "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1,2,3],\"c\":[1,2]},{\"h\":[1]}]} "
                        + "| states[0].h has 3 values, layer lstm (LSTM, 2 units) needs 2",
                "non-finite       | "
                        + "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1,2],\"c\":[1e400,2]},"
                        + "{\"h\":[1]}]} | states[0].c[0] is not a finite float32 number: 1e400",
                "negative step    | "
                        + "{\"key\":\"k\",\"type\":\"set-state\",\"step\":-1,\"states\":[]}                     | "
                        + "step must not be negative",
            })
    void rejectsBadSetState(String what, String json, String expected) {
        assertEquals(expected, reason(json), what);
    }

    @Test
    void setStateNeedsAModelLayout() {
        InputDecoder noLayout = new InputDecoder(3);
        assertEquals(
                "set-state is not available here",
                assertThrows(
                                BadRecordException.class,
                                () -> noLayout.decode("{\"key\":\"k\",\"type\":\"set-state\",\"states\":[]}"
                                        .getBytes(StandardCharsets.UTF_8)))
                        .getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON               | {\"key\":\"k\",\"x\":[1,2,3]                  | not JSON",
                "garbage                | hello                                          | not JSON",
                "two objects            | {\"key\":\"k\",\"x\":[1,2,3]} {}               | "
                        + "not JSON: unexpected content after the object",
                "not an object (array)  | [1,2,3]                                        | not a JSON object",
                "not an object (string) | \"k\"                                          | not a JSON object",
                "no key                 | {\"x\":[1,2,3]}                                | no key",
                "empty key              | {\"key\":\"\",\"x\":[1,2,3]}                   | empty key",
                "numeric key            | {\"key\":5,\"x\":[1,2,3]}                      | key must be a string",
                "no x                   | {\"key\":\"k\",\"ts\":1}                       | "
                        + "no x: a sample needs x (or type reset)",
                "x not an array         | {\"key\":\"k\",\"x\":\"abc\"}                  | "
                        + "x must be an array of numbers or an array of arrays",
                "empty x                | {\"key\":\"k\",\"x\":[]}                       | x is empty",
                "too few features       | {\"key\":\"k\",\"x\":[1,2]}                    | "
                        + "x has 2 features, the model expects 3",
                "too many features      | {\"key\":\"k\",\"x\":[1,2,3,4]}                | "
                        + "x has 4 features, the model expects 3",
                "bad chunk              | {\"key\":\"k\",\"x\":[[1,2,3],[1,2,3,4]]}       | "
                        + "x[1] has 4 features, the model expects 3",
                "mixed chunk            | {\"key\":\"k\",\"x\":[[1,2,3],4]}              | "
                        + "x[1] is not an array: all timesteps must be arrays",
                "string feature         | {\"key\":\"k\",\"x\":[1,\"2\",3]}              | x[1] is not a number",
                "null feature           | {\"key\":\"k\",\"x\":[1,2,null]}               | x[2] is not a number",
                "nested too deep in x   | {\"key\":\"k\",\"x\":[[[1,2,3]]]}              | x[0][0] is not a number",
                "1e400                  | {\"key\":\"k\",\"x\":[1e400,2,3]}              | "
                        + "x[0] is not a finite float32 number: 1e400",
                "-1e400                 | {\"key\":\"k\",\"x\":[[1,2,3],[1,-1e400,3]]}   | "
                        + "x[1][1] is not a finite float32 number: -1e400",
                "over float32 range     | {\"key\":\"k\",\"x\":[1,2,1e39]}               | "
                        + "x[2] is not a finite float32 number: 1e39",
                "NaN literal            | {\"key\":\"k\",\"x\":[NaN,2,3]}                | not JSON",
                "fractional seq         | {\"key\":\"k\",\"x\":[1,2,3],\"seq\":1.5}      | seq must be an integer",
                "string seq             | {\"key\":\"k\",\"x\":[1,2,3],\"seq\":\"1\"}    | seq must be an integer",
                "huge seq               | {\"key\":\"k\",\"x\":[1,2,3],\"seq\":99999999999999999999} | "
                        + "seq is out of range: 99999999999999999999",
                "string ts              | {\"key\":\"k\",\"x\":[1,2,3],\"ts\":\"now\"}   | ts must be an integer",
                "string end             | {\"key\":\"k\",\"x\":[1,2,3],\"end\":\"yes\"}  | end must be true or false",
                "unknown type           | {\"key\":\"k\",\"x\":[1,2,3],\"type\":\"foo\"} | "
                        + "unknown type 'foo': expected sample, reset, get-state or set-state",
                "duplicate key field    | {\"key\":\"a\",\"key\":\"b\",\"x\":[1,2,3]}    | member 'key' appears twice",
            })
    void rejectsWithAClearReason(String what, String json, String expected) {
        String reason = reason(json);
        assertTrue(reason.startsWith(expected), what + ": got '" + reason + "'");
    }

    @Test
    void rejectsTooDeepNestingAnywhere() {
        String deep = "[".repeat(40) + "]".repeat(40);
        assertEquals(
                "nested too deeply (more than 16 levels)",
                reason("{\"key\":\"k\",\"x\":[1,2,3],\"junk\":" + deep + "}"));
    }

    @Test
    void rejectsARecordOverTheSizeLimit() {
        String big = "{\"key\":\"k\",\"x\":[1,2,3],\"pad\":\"" + "a".repeat(1000) + "\"}";
        assertEquals("record is " + big.length() + " bytes, over the limit of 1000", reason(big));
    }

    @Test
    void rejectsEmptyAndInvalidUtf8() {
        assertThrows(BadRecordException.class, () -> decoder.decode(new byte[0]));
        byte[] bad = {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertEquals(
                "not UTF-8 at byte 8 (FF)",
                assertThrows(BadRecordException.class, () -> decoder.decode(bad))
                        .getMessage());
    }
}
