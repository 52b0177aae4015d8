package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecTest {

    @Test
    void readsUnitsInputsAndOptionalParts() {
        assertEquals(new ModelSpec(32, 8, 1, 1), ModelSpec.parse("lstm:32,input:8"));
        assertEquals(new ModelSpec(128, 8, 3, 5), ModelSpec.parse(" input:8 , lstm:128, dense:3,seed:5"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lstm:32",
                "input:8",
                "lstm:0,input:8",
                "lstm:x,input:8",
                "gru:32,input:8",
                "lstm32,input:8",
                "lstm:99999,input:8"
            })
    void refusesWhatIsNotASpec(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("lstm:32,input:8"), "the message shows an example: " + e.getMessage());
    }
}
