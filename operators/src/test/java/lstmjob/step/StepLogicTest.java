package lstmjob.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import lstmjob.state.OnStateMismatch;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.api.Test;

/** The per-key semantics beyond plain samples: get-state, set-state, burn-in, model changes, replays of controls. */
class StepLogicTest {

    /** case-7: LSTM → LSTM → GRU → Dense, 22 inputs: both kinds of state vector. */
    private static final Model MODEL = Models.load(OracleCases.root().resolve("case-7/model.keras"));

    private final InputDecoder decoder = new InputDecoder(MODEL.inputSize(), 1 << 20, 1024, MODEL.stateLayout());
    private final Random random = new Random(7);

    private InputRecord decode(String json) {
        try {
            return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (BadRecordException e) {
            throw new AssertionError(json, e);
        }
    }

    private String x() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < MODEL.inputSize(); i++) {
            sb.append(i == 0 ? "" : ",").append(random.nextFloat() * 2 - 1);
        }
        return sb.append(']').toString();
    }

    private static List<Output> apply(StepLogic logic, KeyState[] st, InputRecord s) {
        List<Output> out = new ArrayList<>();
        st[0] = logic.apply(st[0], s, 0, out::add);
        return out;
    }

    @Test
    void setStateFromAnotherKeysStateContinuesExactlyAsThatKey() {
        StepLogic logic = new StepLogic(MODEL.newStepper(1));
        KeyState[] a = {null};
        for (int i = 1; i <= 5; i++) {
            apply(logic, a, decode("{\"key\":\"a\",\"seq\":" + i + ",\"x\":" + x() + "}"));
        }
        StateReport report = assertInstanceOf(
                StateReport.class,
                apply(logic, a, decode("{\"key\":\"a\",\"type\":\"get-state\"}"))
                        .get(0));
        assertEquals(5, report.steps());
        assertEquals(5, report.lastSeq());
        assertFalse(isZero(report.state()), "five steps leave a non-zero state");

        // the report, as JSON, is a valid set-state record for another key
        String states =
                new String(new lstmjob.codec.OutputEncoder(MODEL.outputs()).encode(report), StandardCharsets.UTF_8);
        String body = states.substring(states.indexOf("\"states\""), states.lastIndexOf('}'));
        KeyState[] b = {null};
        assertTrue(
                apply(logic, b, decode("{\"type\":\"set-state\",\"key\":\"b\"," + body + "}"))
                        .isEmpty(),
                "set-state emits nothing");
        assertArrayEquals(a[0].state, b[0].state);
        assertEquals(5, b[0].steps);

        for (int i = 0; i < 3; i++) {
            String x = x();
            Prediction pa = (Prediction)
                    apply(logic, a, decode("{\"key\":\"a\",\"x\":" + x + "}")).get(0);
            Prediction pb = (Prediction)
                    apply(logic, b, decode("{\"key\":\"b\",\"x\":" + x + "}")).get(0);
            assertArrayEquals(pa.y(), pb.y());
            assertEquals(pa.step(), pb.step());
        }
    }

    @Test
    void getStateOfAnUnknownKeyReportsZerosAndKeepsNothing() {
        StepLogic logic = new StepLogic(MODEL.newStepper(1));
        KeyState[] st = {null};
        List<Output> out = apply(logic, st, decode("{\"key\":\"new\",\"type\":\"get-state\"}"));
        StateReport r = assertInstanceOf(StateReport.class, out.get(0));
        assertTrue(isZero(r.state()));
        assertEquals(MODEL.stateLayout().floats(), r.state().length);
        assertEquals(0, r.steps());
        assertNull(st[0], "a read leaves an unseen key unseen");
    }

    @Test
    void burnInUpdatesTheStateButHoldsThePredictions() {
        StepLogic plain = new StepLogic(MODEL.newStepper(1));
        StepLogic burnIn = new StepLogic(
                MODEL.newStepper(1),
                new StepOptions(2, null, OnStateMismatch.FAIL, 1, java.time.Duration.ZERO),
                StepCounters.unregistered());
        String record = "{\"key\":\"k\",\"x\":[" + x() + "," + x() + "," + x() + "," + x() + "],\"end\":true}";
        for (int round = 0; round < 2; round++) { // the end resets, and burn-in starts over
            List<Output> want = apply(plain, new KeyState[] {null}, decode(record));
            List<Output> got = apply(burnIn, new KeyState[] {null}, decode(record));
            assertEquals(5, want.size());
            assertEquals(3, got.size(), "steps 1 and 2 are burn-in");
            for (int i = 0; i < 2; i++) {
                Prediction w = (Prediction) want.get(i + 2);
                Prediction g = (Prediction) got.get(i);
                assertEquals(w.step(), g.step(), "step numbering counts the burn-in steps");
                assertArrayEquals(w.y(), g.y());
            }
            assertEquals(new Reset("k", 4, Reset.END), got.get(2));
        }
        assertEquals(4, burnIn.counters().burnInSteps().getCount());
        assertEquals(4, burnIn.counters().predictions().getCount());
    }

    @Test
    void aKeySavedByAnotherLayoutRestartsFromZerosOnceWhenAllowed() {
        KeyState old = new KeyState(new float[] {1, 2, 3}, 12345, 9, true, 40, 0);
        StepLogic reset = new StepLogic(
                MODEL.newStepper(1),
                new StepOptions(0, null, OnStateMismatch.RESET, 1, java.time.Duration.ZERO),
                StepCounters.unregistered());
        KeyState[] st = {old};
        assertTrue(
                apply(reset, st, decode("{\"key\":\"k\",\"seq\":40,\"x\":" + x() + "}"))
                        .isEmpty(),
                "a replay has no effect, not even the model-changed reset");
        List<Output> out = apply(reset, st, decode("{\"key\":\"k\",\"seq\":41,\"x\":" + x() + "}"));
        assertEquals(new Reset("k", 9, Reset.MODEL_CHANGED), out.get(0));
        assertEquals(1, ((Prediction) out.get(1)).step());
        assertEquals(MODEL.stateLayout().tag(), st[0].layout);
        assertEquals(41, st[0].lastSeq);

        StepLogic fail = new StepLogic(MODEL.newStepper(1));
        KeyState[] st2 = {new KeyState(new float[] {1, 2, 3}, 12345, 9, false, 0, 0)};
        assertThrows(IllegalStateException.class, () -> apply(fail, st2, decode("{\"key\":\"k\",\"x\":" + x() + "}")));
    }

    @Test
    void controlRecordsFollowTheReplayRule() {
        StepLogic logic = new StepLogic(MODEL.newStepper(1));
        KeyState[] st = {null};
        apply(logic, st, decode("{\"key\":\"k\",\"seq\":5,\"x\":" + x() + "}"));
        assertTrue(apply(logic, st, decode("{\"key\":\"k\",\"seq\":5,\"type\":\"reset\"}"))
                .isEmpty());
        assertTrue(apply(logic, st, decode("{\"key\":\"k\",\"seq\":4,\"type\":\"get-state\"}"))
                .isEmpty());
        assertEquals(1, st[0].steps, "the replayed reset changed nothing");
        assertEquals(2, logic.counters().replaysDropped().getCount());
    }

    private static boolean isZero(float[] v) {
        for (float f : v) {
            if (f != 0) {
                return false;
            }
        }
        return true;
    }
}
