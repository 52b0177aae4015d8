package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import lstmjob.model.ModelInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An id input (a model that starts with an Embedding): one whole id per timestep, in range, else a dead letter. */
class InputDecoderIdsTest {

    private final InputDecoder decoder = new InputDecoder(ModelInput.ids("tokens", 500), 1000, 100, null);

    private InputRecord decode(String json) throws BadRecordException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneIdIsOneTimestep() throws Exception {
        InputRecord r = decode("{\"key\":\"k\",\"x\":[5]}");
        assertEquals(1, r.x().length);
        assertArrayEquals(new float[] {5}, r.x()[0]);
    }

    @Test
    void severalIdsAreSeveralTimesteps() throws Exception {
        InputRecord r = decode("{\"key\":\"k\",\"x\":[[5],[0],[499]]}");
        assertEquals(3, r.x().length);
        assertArrayEquals(new float[] {0}, r.x()[1]);
        assertArrayEquals(new float[] {499}, r.x()[2]);
    }

    @ParameterizedTest
    @CsvSource({"5", "5.0", "5e0", "50E-1", "0.5e1"})
    void anIdIsAnyNumberWithoutAFraction(String id) throws Exception {
        assertArrayEquals(
                new float[] {5}, decode("{\"key\":\"k\",\"x\":[" + id + "]}").x()[0]);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[5.5]         | x[0] is 5.5",
                "[-1]          | x[0] is -1",
                "[500]         | x[0] is 500",
                "[1e9]         | x[0] is 1e9",
                "[[3],[2.25]]  | x[1][0] is 2.25",
                "[[3],[-0.5]]  | x[1][0] is -0.5"
            })
    void aBadIdIsADeadLetterNamingTheInputAndTheValue(String x, String where) {
        String reason = assertThrows(BadRecordException.class, () -> decode("{\"key\":\"k\",\"x\":" + x + "}"))
                .getMessage();
        assertEquals("input 'tokens' takes ids (whole numbers from 0 to 499), but " + where, reason);
    }

    @Test
    void twoIdsInOneTimestepAreTheWrongFeatureCount() {
        String reason = assertThrows(BadRecordException.class, () -> decode("{\"key\":\"k\",\"x\":[5,7]}"))
                .getMessage();
        assertEquals("x has 2 features, the model expects 1", reason);
    }
}
