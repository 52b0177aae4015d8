package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class InputRecordSerializerTest {

    private static InputRecord roundTrip(InputRecord r) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        InputRecordSerializer.INSTANCE.serialize(r, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        InputRecord back = InputRecordSerializer.INSTANCE.deserialize(in);
        assertEquals(0, in.available(), "every byte read");
        return back;
    }

    @Test
    void aSampleArrivesWithEveryFieldAndTheSameFloatBits() throws IOException {
        float[][] x = {{1.5f, -0.0f, Float.MIN_VALUE}, {3.4028235e38f, 0.1f, -7f}};
        InputRecord r = new InputRecord(
                InputRecord.Kind.SAMPLE, "k-ü-1", x, true, -5L, true, true, 1_700_000_000_123L, null, 0, 42L);
        InputRecord back = roundTrip(r);
        assertEquals(InputRecord.Kind.SAMPLE, back.kind());
        assertEquals("k-ü-1", back.key());
        assertEquals(2, back.x().length);
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(Float.floatToRawIntBits(x[t][i]), Float.floatToRawIntBits(back.x()[t][i]));
            }
        }
        assertEquals(true, back.hasSeq());
        assertEquals(-5L, back.seq());
        assertEquals(true, back.end());
        assertEquals(true, back.hasTs());
        assertEquals(1_700_000_000_123L, back.ts());
        assertNull(back.states());
        assertEquals(42L, back.arrivedMillis());
    }

    @Test
    void controlRecordsKeepTheirKindStatesAndStep() throws IOException {
        float[] states = {0.25f, -1f, 2f, 8f};
        InputRecord set = new InputRecord(
                InputRecord.Kind.SET_STATE, "a", InputRecord.NO_STEPS, false, 0, false, false, 0, states, 17, 0);
        InputRecord back = roundTrip(set);
        assertEquals(InputRecord.Kind.SET_STATE, back.kind());
        assertArrayEquals(states, back.states());
        assertEquals(17, back.step());
        assertEquals(0, back.x().length);
        assertEquals(false, back.hasSeq());
        assertEquals(false, back.hasTs());
        for (InputRecord.Kind k : new InputRecord.Kind[] {InputRecord.Kind.RESET, InputRecord.Kind.GET_STATE}) {
            InputRecord c = new InputRecord(k, "b", InputRecord.NO_STEPS, true, 9, false, false, 0, null, 0, 3);
            InputRecord cb = roundTrip(c);
            assertEquals(k, cb.kind());
            assertEquals(9, cb.seq());
            assertNull(cb.states());
        }
    }

    @Test
    void flinkUsesThisSerializerForInputRecords() {
        TypeInformation<InputRecord> t = TypeInformation.of(InputRecord.class);
        assertSame(InputRecordSerializer.INSTANCE, t.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void copiesAreDeep() {
        float[][] x = {{1f, 2f}};
        InputRecord r = InputRecord.of("k", x, false, 0, false, false, 0);
        InputRecord c = InputRecordSerializer.INSTANCE.copy(r);
        x[0][0] = 9f;
        assertEquals(1f, c.x()[0][0]);
    }
}
