package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lstmjob.model.Model;
import lstmjob.model.load.Models;

/** Models and key states for the states tests: states made of test-chosen numbers, compared exactly. */
final class TestStates {

    /** case-11 of the oracle suite: LSTM "lstm" (22 units, h and c) → GRU "gru" (2 units, h) → Dense. */
    static final Path LSTM_GRU = Path.of("../operators/src/test/resources/oracle/case-11/model.keras");
    /** case-20: three LSTM layers (14, 1, 16 units): another state layout. */
    static final Path OTHER = Path.of("../operators/src/test/resources/oracle/case-20/model.keras");
    /** Floats of case-11's state: 2 × 22 + 2. */
    static final int FLOATS = 46;

    private TestStates() {}

    static Model model(Path file) {
        return Models.load(file);
    }

    /** A state whose every float is distinct and not a short decimal, so that any rounding would show. */
    static float[] state(int seed) {
        float[] s = new float[FLOATS];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.sin(seed * 31 + i) / (i + 1) * (float) Math.PI;
        }
        return s;
    }

    static KeyStateRecord record(String key, int seed, long step, Long seq) {
        return new KeyStateRecord(key, state(seed), 0, step, seq != null, seq == null ? 0 : seq, 0);
    }

    /** Keys with awkward names: a slash, a percent sign, spaces, Cyrillic, a dot. */
    static List<KeyStateRecord> sample() {
        List<KeyStateRecord> out = new ArrayList<>();
        out.add(record("key-727", 1, 17, 42L));
        out.add(record("sensor 7", 2, 3, null));
        out.add(record("ключ", 3, 1, 1L));
        out.add(record("user/42%", 4, 0, null));
        out.add(record(".", 5, 123456789012L, -5L));
        return out;
    }

    static Map<String, KeyStateRecord> byKey(List<KeyStateRecord> records) {
        Map<String, KeyStateRecord> m = new TreeMap<>();
        for (KeyStateRecord r : records) {
            m.put(r.key, r);
        }
        assertEquals(records.size(), m.size(), "keys are unique");
        return m;
    }

    /** Same keys, and per key the same floats (bit for bit), step and seq. */
    static void assertSameStates(List<KeyStateRecord> expected, List<KeyStateRecord> actual) {
        Map<String, KeyStateRecord> e = byKey(expected);
        Map<String, KeyStateRecord> a = byKey(actual);
        assertEquals(e.keySet(), a.keySet(), "keys");
        for (String k : e.keySet()) {
            assertSameState(e.get(k), a.get(k));
        }
    }

    static void assertSameState(KeyStateRecord e, KeyStateRecord a) {
        assertArrayEquals(e.state, a.state, "state of " + e.key);
        assertEquals(e.steps, a.steps, "step of " + e.key);
        assertEquals(e.hasSeq, a.hasSeq, "has seq, " + e.key);
        assertEquals(e.lastSeq, a.lastSeq, "seq of " + e.key);
    }
}
