package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EncodedRecordSerializerTest {

    private static EncodedRecord roundTrip(EncodedRecord r) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        EncodedRecordSerializer.INSTANCE.serialize(r, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EncodedRecord back = EncodedRecordSerializer.INSTANCE.deserialize(in);
        assertEquals(0, in.available(), "every byte read");
        return back;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPredictionArrivesWithItsTargetKeyAndValue() throws IOException {
        EncodedRecord back = roundTrip(new EncodedRecord(
                EncodedRecord.Target.STATES, utf8("k-ü"), utf8("{\"type\":\"state\",\"key\":\"k-ü\"}")));
        assertEquals(EncodedRecord.Target.STATES, back.target());
        assertArrayEquals(utf8("k-ü"), back.key());
        assertArrayEquals(utf8("{\"type\":\"state\",\"key\":\"k-ü\"}"), back.value());
    }

    @Test
    void aDeadLetterHasNoKeyAndAnEmptyKeyStaysEmpty() throws IOException {
        EncodedRecord letter = roundTrip(new EncodedRecord(EncodedRecord.Target.DEAD_LETTERS, null, utf8("{}")));
        assertEquals(EncodedRecord.Target.DEAD_LETTERS, letter.target());
        assertNull(letter.key());
        assertArrayEquals(utf8("{}"), letter.value());
        EncodedRecord empty = roundTrip(new EncodedRecord(EncodedRecord.Target.OUTPUT, new byte[0], new byte[0]));
        assertEquals(0, empty.key().length);
        assertEquals(0, empty.value().length);
    }

    /** Chained operators get the record itself: nothing ever writes into it. */
    @Test
    void isImmutableSoCopiesAreTheRecordItself() {
        EncodedRecord r = new EncodedRecord(EncodedRecord.Target.OUTPUT, utf8("k"), utf8("{}"));
        assertTrue(EncodedRecordSerializer.INSTANCE.isImmutableType());
        assertSame(r, EncodedRecordSerializer.INSTANCE.copy(r));
    }

    @Test
    void everyStreamOfThemUsesThisSerializer() {
        TypeInformation<EncodedRecord> type = TypeInformation.of(EncodedRecord.class);
        assertSame(EncodedRecordSerializer.INSTANCE, type.createSerializer(new SerializerConfigImpl()));
        assertSame(
                InputRecordSerializer.INSTANCE,
                TypeInformation.of(InputRecord.class).createSerializer(new SerializerConfigImpl()));
    }
}
