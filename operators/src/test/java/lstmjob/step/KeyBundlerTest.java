package lstmjob.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.codec.Output;
import lstmjob.codec.Prediction;
import lstmjob.codec.Reset;
import lstmjob.codec.StateReport;
import lstmjob.model.Model;
import lstmjob.model.load.Models;
import lstmjob.state.KeyState;
import lstmjob.testing.MapKeyStates;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.api.Test;

/**
 * Key bundling apart from Flink: when a bundle is full, and that each key's held records are applied in order with
 * the contract's semantics however they are bundled. (Its numbers against Keras's: OracleParityTest and the other
 * parity tests, which run the fixtures' streams through it.)
 */
class KeyBundlerTest {

    private static final Model MODEL = Models.load(OracleCases.root().resolve("case-7/model.keras"));
    private final InputDecoder decoder = new InputDecoder(MODEL.inputSize(), 1 << 20, 1024, MODEL.stateLayout());
    private final Random random = new Random(11);
    private final MapKeyStates states = new MapKeyStates();
    private final List<Output> out = new ArrayList<>();
    private final StepLogic logic = new StepLogic(MODEL.newStepper(1));

    private KeyBundler bundler(int size) {
        return new KeyBundler(logic, MODEL.newStepper(size), states, out::add);
    }

    private InputRecord decode(String json) {
        try {
            return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (BadRecordException e) {
            throw new AssertionError(json, e);
        }
    }

    private InputRecord sample(String key, String more) {
        return decode("{\"key\":\"" + key + "\",\"x\":" + row() + more + "}");
    }

    private List<Output> of(String key) {
        return out.stream().filter(o -> o.key().equals(key)).toList();
    }

    @Test
    void aBundleIsFullWithOneRowPerKeyOrFourTimesAsManyRecords() {
        KeyBundler b = bundler(3);
        assertTrue(b.isEmpty());
        assertFalse(b.hold(sample("a", "")));
        assertFalse(b.hold(sample("b", "")));
        assertFalse(b.hold(sample("a", "")), "two keys of three");
        assertTrue(b.hold(sample("c", "")), "three keys");
        assertFalse(b.isEmpty());

        KeyBundler one = bundler(3);
        for (int i = 1; i < 12; i++) {
            assertFalse(one.hold(sample("k", "")), i + " records of one key");
        }
        assertTrue(one.hold(sample("k", "")), "12 records: four bundles' worth");
    }

    @Test
    void eachKeysRecordsApplyInOrderAcrossRoundsAndFlushes() throws Exception {
        KeyBundler b = bundler(2);
        b.hold(sample("a", ",\"seq\":1"));
        b.hold(decode("{\"key\":\"a\",\"x\":[" + row() + "," + row() + "],\"seq\":2,\"end\":true}"));
        b.hold(sample("b", ""));
        b.hold(decode("{\"key\":\"a\",\"type\":\"reset\",\"seq\":3}"));
        b.hold(sample("a", ",\"seq\":3")); // a replay of the reset's seq: dropped
        b.hold(decode("{\"key\":\"c\",\"type\":\"get-state\"}"));
        b.hold(sample("a", ",\"seq\":4"));
        b.hold(decode("{\"key\":\"a\",\"type\":\"get-state\"}"));
        b.flush(7);
        assertTrue(b.isEmpty());

        List<Output> a = of("a");
        assertEquals(
                List.of(1L, 2L, 3L),
                a.subList(0, 3).stream().map(o -> ((Prediction) o).step()).toList());
        assertEquals(new Reset("a", 3, Reset.END), a.get(3));
        assertEquals(new Reset("a", 0, Reset.CONTROL), a.get(4));
        assertEquals(1, ((Prediction) a.get(5)).step());
        assertEquals(4, ((Prediction) a.get(5)).seq());
        StateReport report = (StateReport) a.get(6);
        assertEquals(1, report.steps());
        assertEquals(4, report.lastSeq());
        assertEquals(7, a.size());
        assertEquals(1, logic.counters().replaysDropped().getCount());

        assertEquals(1, of("b").size());
        assertEquals(0, ((StateReport) of("c").get(0)).steps());
        assertNull(states.get("c"), "a read of an unseen key keeps nothing");
        assertEquals(7, states.get("a").lastActive);
        assertEquals(4, states.get("a").lastSeq);

        b.hold(sample("a", ",\"seq\":4")); // the next flush starts from the kept state
        b.hold(sample("a", ",\"seq\":5"));
        b.flush(9);
        assertEquals(
                List.of(2L),
                of("a").subList(7, 8).stream().map(o -> ((Prediction) o).step()).toList());
        assertEquals(8, of("a").size(), "seq 4 again is a replay");
    }

    @Test
    void aBundledKeyStepsAsTheSameKeyOneRecordAtATime() throws Exception {
        List<InputRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(sample("a", ""));
            records.add(sample("b", i == 2 ? ",\"end\":true" : ""));
        }
        KeyState[] alone = {null};
        List<Output> want = new ArrayList<>();
        for (InputRecord r : records) {
            if (r.key().equals("a")) {
                alone[0] = logic.apply(alone[0], r, 0, want::add);
            }
        }
        KeyBundler b = bundler(2);
        for (InputRecord r : records) {
            if (b.hold(r)) {
                b.flush(0);
            }
        }
        b.flush(0);
        List<Output> got = of("a");
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            Prediction w = (Prediction) want.get(i);
            Prediction g = (Prediction) got.get(i);
            assertEquals(w.step(), g.step());
            for (int j = 0; j < w.y().length; j++) {
                assertEquals(w.y()[j], g.y()[j], 1e-6f, "step " + w.step());
            }
        }
        assertEquals(new Reset("b", 3, Reset.END), of("b").get(3));
        assertEquals(1, ((Prediction) of("b").get(4)).step());
    }

    @Test
    void eachKeyIsStoredOnceWithItsActivityBeforeTheFlush() throws Exception {
        List<String> stored = new ArrayList<>();
        KeyBundler.KeyStates recording = new KeyBundler.KeyStates() {
            @Override
            public KeyState load(String key) {
                return states.load(key);
            }

            @Override
            public void store(String key, KeyState st, long previousActivity) {
                stored.add(key + "@" + previousActivity);
                states.store(key, st, previousActivity);
            }
        };
        KeyBundler b = new KeyBundler(logic, MODEL.newStepper(4), recording, out::add);
        b.hold(sample("a", ""));
        b.hold(sample("a", ""));
        b.hold(sample("b", ""));
        b.flush(100);
        b.hold(sample("a", ""));
        b.flush(200);
        b.flush(300);
        assertEquals(List.of("b@-1", "a@-1", "a@100"), stored, "each key when its last record is applied");
    }

    private String row() {
        StringBuilder x = new StringBuilder("[");
        for (int i = 0; i < MODEL.inputSize(); i++) {
            x.append(i == 0 ? "" : ",").append(random.nextFloat() * 2 - 1);
        }
        return x.append(']').toString();
    }
}
