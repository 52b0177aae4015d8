package lstmjob.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import lstmjob.model.StateLayout;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

class StateSerializerTest {

    private static final StateLayout LSTM_2x3_GRU_4 = new StateLayout(
            List.of(new StateLayout.Entry("lstm", "LSTM", 2, 3, 0), new StateLayout.Entry("gru", "GRU", 1, 4, 6)));

    private final StateSerializer serializer = new StateSerializer(LSTM_2x3_GRU_4);

    private static KeyState sample() {
        float[] s = {1.5f, -2f, Float.MIN_VALUE, 3.4e38f, -0f, 0.1f, 7f, 8f, 9f, 10f};
        return new KeyState(s, LSTM_2x3_GRU_4.tag(), 17, true, 42, 1_700_000_000_000L);
    }

    private byte[] bytes(KeyState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void roundTripsEveryField() throws IOException {
        KeyState back = serializer.deserialize(new DataInputDeserializer(bytes(sample())));
        assertArrayEquals(sample().state, back.state);
        assertEquals(17, back.steps);
        assertTrue(back.hasSeq);
        assertEquals(42, back.lastSeq);
        assertEquals(1_700_000_000_000L, back.lastActive);
        assertEquals(LSTM_2x3_GRU_4.tag(), back.layout);
    }

    @Test
    void keepsTheAbsenceOfASeq() throws IOException {
        KeyState none = KeyState.fresh(LSTM_2x3_GRU_4);
        KeyState back = serializer.deserialize(new DataInputDeserializer(bytes(none)));
        assertFalse(back.hasSeq);
        assertArrayEquals(new float[10], back.state);
    }

    @Test
    void recordIsRawFloatsAfterAFixedHeader() throws IOException {
        // flags(1) + layout tag (4) + steps, lastSeq, lastActive (3 × 8) + count (4) + 10 floats (40)
        assertEquals(1 + 4 + 24 + 4 + 40, bytes(sample()).length);
    }

    @Test
    void copiesBetweenViewsByteForByte() throws IOException {
        byte[] original = bytes(sample());
        DataOutputSerializer out = new DataOutputSerializer(8);
        serializer.copy(new DataInputDeserializer(original), out);
        assertArrayEquals(original, out.getCopyOfBuffer());
    }

    @Test
    void copyIsDeep() {
        KeyState a = sample();
        KeyState b = serializer.copy(a);
        assertNotSame(a.state, b.state);
        assertArrayEquals(a.state, b.state);
    }

    @Test
    void rejectsACorruptFloatCount() {
        byte[] b = new byte[1 + 4 + 24 + 4];
        b[29] = (byte) 0xff; // a negative count
        assertThrows(IOException.class, () -> serializer.deserialize(new DataInputDeserializer(b)));
    }

    @Test
    void snapshotRestoresAnEqualSerializerAndJudgesLayouts() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<KeyState> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        StateSerializerSnapshot restored = assertInstanceOf(StateSerializerSnapshot.class, read);
        assertEquals(serializer, restored.restoreSerializer());
        assertEquals(LSTM_2x3_GRU_4.fingerprint(), restored.layout().fingerprint());

        assertTrue(serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs());

        StateLayout wider = new StateLayout(List.of(new StateLayout.Entry("lstm", "LSTM", 2, 4, 0)));
        SuppressRestartsException failed = assertThrows(
                SuppressRestartsException.class,
                () -> new StateSerializer(wider).snapshotConfiguration().resolveSchemaCompatibility(restored));
        StateLayoutMismatchException refused = assertInstanceOf(StateLayoutMismatchException.class, failed.getCause());
        assertTrue(
                refused.getMessage()
                        .contains("stateful layer 1: lstm (LSTM, 2 × 3) vs lstm (LSTM, 2 × 4); "
                                + "stateful layer 2: gru (GRU, 1 × 4) vs none"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("--on-state-mismatch reset"), refused.getMessage());
        // opted in: the states are read as they are, and each record's layout tag tells the operator to reset it
        assertTrue(new StateSerializer(wider, OnStateMismatch.RESET)
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs());
    }

    @Test
    void layoutFingerprintIgnoresNamesButNotTypesOrSizes() {
        StateLayout renamed = new StateLayout(
                List.of(new StateLayout.Entry("enc", "LSTM", 2, 3, 0), new StateLayout.Entry("dec", "GRU", 1, 4, 6)));
        StateLayout gruFirst = new StateLayout(
                List.of(new StateLayout.Entry("lstm", "GRU", 2, 3, 0), new StateLayout.Entry("gru", "GRU", 1, 4, 6)));
        assertEquals(LSTM_2x3_GRU_4.fingerprint(), renamed.fingerprint());
        assertFalse(LSTM_2x3_GRU_4.fingerprint().equals(gruFirst.fingerprint()));
        assertEquals("", LSTM_2x3_GRU_4.differences(renamed));
        assertEquals("stateful layer 1: lstm (LSTM, 2 × 3) vs lstm (GRU, 2 × 3)", LSTM_2x3_GRU_4.differences(gruFirst));
    }

    /** The fingerprint of the recurrent layouts is what it has always been: SHA-256 of "LSTM:2x3;GRU:1x4;". */
    @Test
    void recurrentLayoutsKeepTheirFingerprint() {
        assertEquals("e831b805adc6f20e", LSTM_2x3_GRU_4.fingerprint());
    }

    /**
     * A causal convolution's past inputs are part of the layout: its type, how many inputs it keeps and of how many
     * channels; a savepoint's snapshot gives them back, and a model that keeps other inputs is refused.
     */
    @Test
    void aConvolutionsGeometryIsPartOfTheLayout() throws IOException {
        StateLayout conv = new StateLayout(List.of(
                new StateLayout.Entry("conv1d", "Conv1D", 4, 3, 0), new StateLayout.Entry("lstm", "LSTM", 2, 5, 12)));
        assertEquals("228804a8697c9aa7", conv.fingerprint());
        assertTrue(conv.entries().get(0).holdsInputs());
        assertFalse(conv.entries().get(1).holdsInputs());
        StateLayout fewerInputs = new StateLayout(List.of(
                new StateLayout.Entry("conv1d", "Conv1D", 2, 3, 0), new StateLayout.Entry("lstm", "LSTM", 2, 5, 6)));
        StateLayout moreChannels = new StateLayout(List.of(
                new StateLayout.Entry("conv1d", "Conv1D", 4, 4, 0), new StateLayout.Entry("lstm", "LSTM", 2, 5, 16)));
        assertFalse(conv.fingerprint().equals(fewerInputs.fingerprint()));
        assertFalse(conv.fingerprint().equals(moreChannels.fingerprint()));

        StateSerializer convSerializer = new StateSerializer(conv);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, convSerializer.snapshotConfiguration());
        StateSerializerSnapshot restored = assertInstanceOf(
                StateSerializerSnapshot.class,
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader()));
        assertEquals(conv.entries(), restored.layout().entries());
        assertEquals(conv.fingerprint(), restored.layout().fingerprint());
        SuppressRestartsException failed = assertThrows(
                SuppressRestartsException.class,
                () -> new StateSerializer(fewerInputs).snapshotConfiguration().resolveSchemaCompatibility(restored));
        assertTrue(
                failed.getCause()
                        .getMessage()
                        .contains("stateful layer 1: conv1d (Conv1D, 4 × 3) vs conv1d (Conv1D, 2 × 3)"),
                failed.getCause().getMessage());
    }
}
