package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys as HDF5 names: readable where HDF5 allows, escaped where it does not, and always reversible. */
class HdfNamesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "key-727       | key-727",
                "sensor 7      | sensor 7",
                "ключ          | ключ",
                "user:42       | user:42",
                "a/b           | a%2Fb",
                "/             | %2F",
                "100%          | 100%25",
                "%2F           | %252F",
                ".             | %2E",
                "..            | %2E.",
                "...           | ...",
                "a.b           | a.b",
            })
    void encodesOnlyWhatHdf5CannotHold(String key, String name) {
        assertEquals(name, HdfNames.encode(key));
        assertEquals(key, HdfNames.decode(name));
    }

    @Test
    void controlCharactersAndNulAreEscaped() {
        assertEquals("a%00b%09c%7F", HdfNames.encode("a\u0000b\tc\u007f"));
        assertEquals("a\u0000b\tc\u007f", HdfNames.decode("a%00b%09c%7F"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"🙂/x", "a%b/c%%", "ключ/значение", " lead and trail ", "%", "%%2F%"})
    void roundTrips(String key) {
        assertEquals(key, HdfNames.decode(HdfNames.encode(key)));
    }

    @Test
    void decodesMultiByteEscapes() {
        assertEquals("é", HdfNames.decode("%C3%A9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "a%2", "%G1", "x%zz"})
    void refusesBrokenEscapes(String name) {
        assertThrows(IllegalArgumentException.class, () -> HdfNames.decode(name));
    }
}
