package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import lstmjob.model.StateLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a record is wrong falls in one of the few classes the dead-letter metrics count by. */
class DeadLetterReasonTest {

    private static final StateLayout LAYOUT = new StateLayout(List.of(new StateLayout.Entry("gru", "GRU", 1, 1, 0)));

    private final InputDecoder decoder = new InputDecoder(2, 200, 8, LAYOUT);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``|not_json",
                "not json|not_json",
                "[1]|not_json",
                "{\"key\":\"k\",\"x\":[1,2]} {}|not_json",
                "{\"key\":\"k\",\"key\":\"j\",\"x\":[1,2]}|not_json",
                "{\"key\":\"k\",\"x\":[1,2],\"pad\":\""
                        + "0123456789012345678901234567890123456789012345678901234567890123456789"
                        + "01234567890123456789012345678901234567890123456789"
                        + "01234567890123456789012345678901234567890123456789"
                        + "0123456789\"}|too_large",
                "{\"key\":\"k\",\"x\":[1,2],\"n\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}|limits",
                "{\"x\":[1,2]}|no_key",
                "{\"key\":1,\"x\":[1,2]}|bad_key",
                "{\"key\":\"\",\"x\":[1,2]}|bad_key",
                "{\"key\":\"\\ud800\",\"x\":[1,2]}|bad_key",
                "{\"key\":\"a-key-too-long\",\"x\":[1,2]}|bad_key",
                "{\"key\":\"k\"}|bad_x",
                "{\"key\":\"k\",\"x\":\"one\"}|bad_x",
                "{\"key\":\"k\",\"x\":[]}|bad_x",
                "{\"key\":\"k\",\"x\":[[1,2],3]}|bad_x",
                "{\"key\":\"k\",\"x\":[1,2,3]}|bad_x",
                "{\"key\":\"k\",\"x\":[1,\"2\"]}|bad_number",
                "{\"key\":\"k\",\"x\":[1,1e400]}|bad_number",
                "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1e400]}]}|bad_number",
                "{\"key\":\"k\",\"x\":[1,2],\"seq\":1.5}|bad_field",
                "{\"key\":\"k\",\"x\":[1,2],\"ts\":99999999999999999999}|bad_field",
                "{\"key\":\"k\",\"x\":[1,2],\"end\":1}|bad_field",
                "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1]}],\"step\":-1}|bad_field",
                "{\"key\":\"k\",\"type\":7}|bad_type",
                "{\"key\":\"k\",\"type\":\"restart\"}|bad_type",
                "{\"key\":\"k\",\"type\":\"set-state\"}|bad_states",
                "{\"key\":\"k\",\"type\":\"set-state\",\"states\":{}}|bad_states",
                "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1]},{\"h\":[1]}]}|bad_states",
                "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1],\"c\":[1]}]}|bad_states",
                "{\"key\":\"k\",\"type\":\"set-state\",\"states\":[{\"h\":[1,2]}]}|bad_states",
            })
    void eachBadRecordHasItsClass(String record, String label) {
        assertEquals(label, reasonOf(record.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource({"c0af", "7b00", "ff", "eda080"})
    void bytesThatAreNotUtf8AreNotUtf8(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        assertEquals("not_utf8", reasonOf(b));
    }

    private String reasonOf(byte[] record) {
        return assertThrows(BadRecordException.class, () -> decoder.decode(record))
                .reason()
                .label();
    }
}
