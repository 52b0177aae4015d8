package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import lstmjob.model.ModelInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A model with several inputs: x is an object with one member per input, decoded to flat rows in input order. */
class InputDecoderInputsTest {

    private static final List<ModelInput> INPUTS =
            List.of(ModelInput.features("amount", 2), ModelInput.ids("merchant", 50), ModelInput.features("hour", 1));

    private final InputDecoder decoder = new InputDecoder(INPUTS, 1000, 100, null);

    private InputRecord decode(String json) throws BadRecordException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private BadRecordException bad(String x) {
        return assertThrows(BadRecordException.class, () -> decode("{\"key\":\"k\",\"x\":" + x + "}"));
    }

    @Test
    void oneTimestepIsOneRowOfEveryInputInModelOrder() throws Exception {
        InputRecord r = decode(
                "{\"key\":\"card-7\",\"x\":{\"hour\":[13],\"merchant\":[42],\"amount\":[0.5,-2]}," + "\"seq\":9}");
        assertEquals(4, decoder.inputSize());
        assertEquals(1, r.x().length);
        assertArrayEquals(new float[] {0.5f, -2f, 42f, 13f}, r.x()[0]);
        assertEquals(9, r.seq());
    }

    @Test
    void severalTimestepsAreSeveralRowsAndMembersMayMixForms() throws Exception {
        InputRecord r = decode(
                "{\"key\":\"k\",\"x\":{\"amount\":[[1,2],[3,4]],\"merchant\":[[5],[6.0]]," + "\"hour\":[[7],[8]]}}");
        assertEquals(2, r.x().length);
        assertArrayEquals(new float[] {1, 2, 5, 7}, r.x()[0]);
        assertArrayEquals(new float[] {3, 4, 6, 8}, r.x()[1]);

        InputRecord mixed = decode("{\"key\":\"k\",\"x\":{\"amount\":[[1,2]],\"merchant\":[5e0],\"hour\":[[7]]}}");
        assertEquals(1, mixed.x().length);
        assertArrayEquals(new float[] {1, 2, 5, 7}, mixed.x()[0]);
    }

    @Test
    void buffersKeptBetweenRecordsDoNotLeak() throws Exception {
        decode("{\"key\":\"k\",\"x\":{\"amount\":[[1,2],[3,4],[5,6]],\"merchant\":[[1],[2],[3]],"
                + "\"hour\":[[1],[2],[3]]}}");
        StringBuilder many = new StringBuilder("{\"key\":\"k\",\"x\":{\"amount\":[");
        StringBuilder ids = new StringBuilder();
        StringBuilder hours = new StringBuilder();
        for (int s = 0; s < 40; s++) {
            String sep = s == 0 ? "" : ",";
            many.append(sep).append("[").append(s).append(",").append(-s).append("]");
            ids.append(sep).append("[").append(s).append("]");
            hours.append(sep).append("[").append(s * 0.5).append("]");
        }
        many.append("],\"merchant\":[")
                .append(ids)
                .append("],\"hour\":[")
                .append(hours)
                .append("]}}");
        InputRecord r = decoder.decode(many.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(40, r.x().length);
        assertArrayEquals(new float[] {39, -39, 39, 19.5f}, r.x()[39]);
        InputRecord one = decode("{\"key\":\"k\",\"x\":{\"amount\":[9,8],\"merchant\":[7],\"hour\":[6]}}");
        assertEquals(1, one.x().length);
        assertArrayEquals(new float[] {9, 8, 7, 6}, one.x()[0]);
    }

    @Test
    void controlRecordsNeedNoX() throws Exception {
        assertEquals(
                InputRecord.Kind.RESET,
                decode("{\"key\":\"k\",\"type\":\"reset\"}").kind());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // the object and its members
                "[1,2,5,7]|x must be an object with one member per model input (amount, merchant, hour)",
                "[[1,2,5,7]]|x must be an object with one member per model input (amount, merchant, hour)",
                "null|x must be an object with one member per model input (amount, merchant, hour)",
                "{}|x has no member 'amount': the model's inputs are amount, merchant, hour",
                "{\"amount\":[1,2],\"hour\":[3]}|x has no member 'merchant': the model's inputs are amount, merchant,"
                        + " hour",
                "{\"amount\":[1,2],\"merchant\":[3],\"hour\":[4],\"day\":[1]}|x has a member 'day', which is not an"
                        + " input of the model (amount, merchant, hour)",
                "{\"Amount\":[1,2]}|x has a member 'Amount', which is not an input of the model (amount, merchant,"
                        + " hour)",
                "{\"amount\":[[1,2],[3,4]],\"merchant\":[3],\"hour\":[4]}|x.merchant has 1 timestep, but x.amount has"
                        + " 2 timesteps: every member of x needs the same number of timesteps",
                "{\"amount\":[1,2],\"merchant\":[[3]],\"hour\":[[4],[5]]}|x.hour has 2 timesteps, but x.amount has"
                        + " 1 timestep: every member of x needs the same number of timesteps",
                "{\"amount\":[],\"merchant\":[3],\"hour\":[4]}|x.amount is empty",
                "{\"amount\":5,\"merchant\":[3],\"hour\":[4]}|x.amount must be an array of numbers or an array of"
                        + " arrays",
                "{\"amount\":{\"a\":1}}|x.amount must be an array of numbers or an array of arrays",
                "{\"amount\":[[1,2],3]}|x.amount[1] is not an array: all timesteps must be arrays",
                // feature counts, naming the input
                "{\"amount\":[1,2,3]}|x.amount has 3 features, input 'amount' expects 2",
                "{\"amount\":[[1,2],[3]]}|x.amount[1] has 1 feature, input 'amount' expects 2",
                "{\"amount\":[[]]}|x.amount[0] has 0 features, input 'amount' expects 2",
                "{\"amount\":[1,2],\"merchant\":[3,4]}|x.merchant has 2 values, input 'merchant' takes one id per"
                        + " timestep",
                // numbers
                "{\"amount\":[1,\"2\"]}|x.amount[1] is not a number",
                "{\"amount\":[1,null]}|x.amount[1] is not a number",
                "{\"amount\":[[1,2],[1e400,0]]}|x.amount[1][0] is not a finite float32 number: 1e400",
                "{\"amount\":[1,-4e38]}|x.amount[1] is not a finite float32 number: -4e38",
                // ids, naming the input and the value
                "{\"amount\":[1,2],\"merchant\":[2.5]}|input 'merchant' takes ids (whole numbers from 0 to 49), but"
                        + " x.merchant[0] is 2.5",
                "{\"amount\":[1,2],\"merchant\":[-1]}|input 'merchant' takes ids (whole numbers from 0 to 49), but"
                        + " x.merchant[0] is -1",
                "{\"amount\":[1,2],\"merchant\":[50]}|input 'merchant' takes ids (whole numbers from 0 to 49), but"
                        + " x.merchant[0] is 50",
                "{\"amount\":[[1,2],[3,4]],\"merchant\":[[3],[7.25]]}|input 'merchant' takes ids (whole numbers from 0"
                        + " to 49), but x.merchant[1][0] is 7.25",
            })
    void aBadXIsADeadLetterSayingWhy(String x, String reason) {
        BadRecordException e = bad(x);
        assertEquals(reason, e.getMessage());
        assertEquals(
                e.getMessage().contains("not a number") || e.getMessage().contains("not a finite")
                        ? DeadLetterReason.BAD_NUMBER
                        : DeadLetterReason.BAD_X,
                e.reason());
    }

    @Test
    void aMemberNamedTwiceIsNotJson() {
        BadRecordException e = bad("{\"amount\":[1,2],\"amount\":[1,2]}");
        assertEquals("member 'amount' appears twice", e.getMessage());
        assertEquals(DeadLetterReason.NOT_JSON, e.reason());
    }

    @Test
    void xIsCheckedOnControlRecordsToo() {
        BadRecordException e = assertThrows(
                BadRecordException.class, () -> decode("{\"key\":\"k\",\"type\":\"reset\",\"x\":{\"day\":[1]}}"));
        assertEquals(DeadLetterReason.BAD_X, e.reason());
    }

    @Test
    void aSingleInputKeepsTheArrayForm() throws Exception {
        InputDecoder one = new InputDecoder(List.of(ModelInput.features("price", 2)), 1000, 100, null);
        assertArrayEquals(
                new float[] {1, 2},
                one.decode("{\"key\":\"k\",\"x\":[1,2]}".getBytes(StandardCharsets.UTF_8))
                        .x()[0]);
        BadRecordException e = assertThrows(
                BadRecordException.class,
                () -> one.decode("{\"key\":\"k\",\"x\":{\"price\":[1,2]}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("x must be an array of numbers or an array of arrays", e.getMessage());
        BadRecordException count = assertThrows(
                BadRecordException.class,
                () -> one.decode("{\"key\":\"k\",\"x\":[1,2,3]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("x has 3 features, the model expects 2", count.getMessage());
    }
}
