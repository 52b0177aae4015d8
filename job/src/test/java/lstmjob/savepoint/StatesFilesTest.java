package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import lstmjob.model.StateLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The states files on their own: JSON Lines and HDF5 round trips, the HDF5 layout, and the refusals. */
class StatesFilesTest {

    static StateLayout layout;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        layout = TestStates.model(TestStates.LSTM_GRU).stateLayout();
        assertEquals(TestStates.FLOATS, layout.floats(), "case-11's state layout");
    }

    @Test
    void jsonLinesRoundTripIsExact() throws Exception {
        Path f = dir.resolve("states.jsonl");
        List<KeyStateRecord> written = TestStates.sample();
        assertEquals(5, StatesFiles.write(f, layout, written.iterator()));
        TestStates.assertSameStates(written, StatesFiles.read(f, layout));
    }

    @Test
    void jsonLineHasTheSetStateShape() throws Exception {
        Path f = dir.resolve("states.jsonl");
        StatesFiles.write(
                f,
                layout,
                List.of(TestStates.record("k", 7, 17, 42L), TestStates.record("n", 8, 0, null))
                        .iterator());
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        assertEquals("k", n.get("key").asText());
        assertEquals(17, n.get("step").asLong());
        assertEquals(42, n.get("seq").asLong());
        JsonNode states = n.get("states");
        assertEquals(2, states.size());
        assertEquals("lstm", states.get(0).get("layer").asText());
        assertEquals(22, states.get(0).get("h").size());
        assertEquals(22, states.get(0).get("c").size());
        assertEquals("gru", states.get(1).get("layer").asText());
        assertEquals(2, states.get(1).get("h").size());
        assertNull(states.get(1).get("c"), "a GRU keeps only h");
        float[] s = TestStates.state(7);
        assertEquals(s[0], states.get(0).get("h").get(0).floatValue());
        assertEquals(s[22], states.get(0).get("c").get(0).floatValue(), "c follows h in the flat state");
        assertEquals(s[45], states.get(1).get("h").get(1).floatValue());
        assertFalse(new ObjectMapper().readTree(lines.get(1)).has("seq"), "no seq when the key has none");
    }

    @Test
    void setStateRecordsReadAsStatesWithDefaults() throws Exception {
        Path f = dir.resolve("set-state.jsonl");
        float[] h1 = new float[22];
        float[] c1 = new float[22];
        Arrays.fill(h1, 0.25f);
        Arrays.fill(c1, -1.5f);
        String line = "{\"type\":\"set-state\",\"key\":\"k\",\"states\":[{\"h\":" + Arrays.toString(h1) + ",\"c\":"
                + Arrays.toString(c1) + "},{\"h\":[1e-3,2]}]}";
        Files.writeString(f, "\n" + line + "\n\n");
        List<KeyStateRecord> read = StatesFiles.read(f, layout);
        assertEquals(1, read.size());
        KeyStateRecord r = read.get(0);
        assertEquals(0, r.steps);
        assertFalse(r.hasSeq);
        assertEquals(0.25f, r.state[0]);
        assertEquals(-1.5f, r.state[22]);
        assertEquals(0.001f, r.state[44]);
        assertEquals(2f, r.state[45]);
        assertEquals(layout.tag(), r.layout, "read states are tagged with the model's layout");
    }

    @Test
    void hdf5RoundTripIsExact() throws Exception {
        Path f = dir.resolve("states.h5");
        List<KeyStateRecord> written = TestStates.sample();
        assertEquals(5, StatesFiles.write(f, layout, written.iterator()));
        TestStates.assertSameStates(written, StatesFiles.read(f, layout));
    }

    @Test
    void hdf5HasOneGroupPerKeyAndOneFloat32DatasetPerLayerAndVector() throws Exception {
        Path f = dir.resolve("states.h5");
        StatesFiles.write(f, layout, TestStates.sample().iterator());
        try (HdfFile h = new HdfFile(f)) {
            assertEquals("lstm-job key states", h.getAttribute("format").getData());
            assertEquals(1, ((Number) h.getAttribute("version").getData()).intValue());
            assertEquals(layout.fingerprint(), h.getAttribute("state_layout").getData());
            assertEquals(5, h.getChildren().size());
            List<String> keys = List.of("key-727", "sensor 7", "ключ", "user%2F42%25", "%2E");
            assertTrue(
                    h.getChildren().keySet().containsAll(keys),
                    h.getChildren().keySet().toString());

            Group k = (Group) h.getChild("user%2F42%25");
            assertEquals("user/42%", k.getAttribute("key").getData());
            assertEquals(0L, ((Number) k.getAttribute("step").getData()).longValue());
            assertNull(k.getAttribute("seq"), "no seq attribute when the key has none");
            Group seq = (Group) h.getChild("key-727");
            assertEquals(17L, ((Number) seq.getAttribute("step").getData()).longValue());
            assertEquals(42L, ((Number) seq.getAttribute("seq").getData()).longValue());

            Group lstm = (Group) k.getChild("lstm");
            assertEquals("LSTM", lstm.getAttribute("type").getData());
            assertEquals(0, ((Number) lstm.getAttribute("index").getData()).intValue());
            Group gru = (Group) k.getChild("gru");
            assertEquals(1, ((Number) gru.getAttribute("index").getData()).intValue());
            assertEquals(2, lstm.getChildren().size());
            assertEquals(1, gru.getChildren().size());

            float[] s = TestStates.state(4);
            Dataset hLstm = (Dataset) lstm.getChild("h");
            assertInstanceOf(FloatingPoint.class, hLstm.getDataType());
            assertEquals(4, hLstm.getDataType().getSize(), "float32");
            assertArrayEquals(new int[] {22}, hLstm.getDimensions());
            assertArrayEquals(Arrays.copyOfRange(s, 0, 22), (float[]) hLstm.getData());
            assertArrayEquals(Arrays.copyOfRange(s, 22, 44), (float[]) ((Dataset) lstm.getChild("c")).getData());
            assertArrayEquals(Arrays.copyOfRange(s, 44, 46), (float[]) ((Dataset) gru.getChild("h")).getData());
        }
    }

    /** As a Keras user might save it with h5py: (1, units) float64 arrays, layers by name, no key attribute. */
    @Test
    void readsHandMadeHdf5InKerasShapes() throws Exception {
        Path f = dir.resolve("hand.h5");
        double[][] h = new double[1][22];
        double[][] c = new double[1][22];
        h[0][3] = 0.5;
        c[0][21] = -2;
        try (WritableHdfFile w = HdfFile.write(f)) {
            WritableGroup k = w.putGroup("a%2Fb");
            WritableGroup lstm = k.putGroup("lstm");
            lstm.putDataset("h", h);
            lstm.putDataset("c", c);
            k.putGroup("gru").putDataset("h", new double[][] {{1, 2}});
        }
        List<KeyStateRecord> read = StatesFiles.read(f, layout);
        assertEquals(1, read.size());
        KeyStateRecord r = read.get(0);
        assertEquals("a/b", r.key, "the key decoded from the group's name");
        assertEquals(0, r.steps);
        assertFalse(r.hasSeq);
        assertEquals(0.5f, r.state[3]);
        assertEquals(-2f, r.state[43]);
        assertEquals(1f, r.state[44]);
        assertEquals(2f, r.state[45]);
    }

    @Test
    void hdf5LayersMatchByIndexWhenTheModelNamesThemDifferently() throws Exception {
        Path f = dir.resolve("renamed.h5");
        try (WritableHdfFile w = HdfFile.write(f)) {
            WritableGroup k = w.putGroup("k");
            WritableGroup first = k.putGroup("lstm_7");
            first.putAttribute("index", 0);
            first.putDataset("h", new float[22]);
            first.putDataset("c", new float[22]);
            WritableGroup second = k.putGroup("gru_7");
            second.putAttribute("index", 1);
            second.putDataset("h", new float[] {3, 4});
        }
        KeyStateRecord r = StatesFiles.read(f, layout).get(0);
        assertEquals(3f, r.state[44]);
        assertEquals(4f, r.state[45]);
    }

    @Test
    void refusesABadJsonLineNamingIt() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Path good = dir.resolve("good.jsonl");
        StatesFiles.write(good, layout, TestStates.sample().subList(0, 1).iterator());
        Files.writeString(f, Files.readString(good) + "{\"key\":\"k\",\"states\":[\n");
        StatesException e = assertThrows(StatesException.class, () -> StatesFiles.read(f, layout));
        assertTrue(e.getMessage().startsWith("bad.jsonl line 2: not JSON"), e.getMessage());
    }

    @Test
    void refusesWrongSizesNamingKeyLayerAndSizes() throws Exception {
        String h21 = Arrays.toString(new float[21]);
        String h22 = Arrays.toString(new float[22]);
        assertRefused(
                "{\"key\":\"k\",\"states\":[{\"h\":" + h21 + ",\"c\":" + h22 + "},{\"h\":[0,0]}]}",
                "x.jsonl line 1: key \"k\": layer lstm (LSTM, 22 units): h has 21 values, the layer needs 22");
        assertRefused(
                "{\"key\":\"k\",\"states\":[{\"h\":" + h22 + ",\"c\":" + h22 + "},{\"h\":[0,0,0]}]}",
                "x.jsonl line 1: key \"k\": layer gru (GRU, 2 units): h has 3 values, the layer needs 2");
        assertRefused(
                "{\"key\":\"k\",\"states\":[{\"h\":" + h22 + "},{\"h\":[0,0]}]}",
                "x.jsonl line 1: key \"k\": layer lstm (LSTM, 22 units) needs c, which is missing");
        assertRefused(
                "{\"key\":\"k\",\"states\":[{\"h\":" + h22 + ",\"c\":" + h22 + "},{\"h\":[0,0],\"c\":[0,0]}]}",
                "x.jsonl line 1: key \"k\": layer gru (GRU, 2 units) keeps only h, but a c is given");
        assertRefused(
                "{\"key\":\"k\",\"states\":[{\"h\":" + h22 + ",\"c\":" + h22 + "}]}",
                "x.jsonl line 1: key \"k\": 1 state entry given, the model has 2 stateful layers [lstm, gru]");
    }

    @Test
    void refusesOtherBadFields() throws Exception {
        String ok = "\"states\":[{\"h\":" + Arrays.toString(new float[22]) + ",\"c\":" + Arrays.toString(new float[22])
                + "},{\"h\":[0,0]}]";
        assertRefused("{" + ok + "}", "x.jsonl line 1: key must be a non-empty string");
        assertRefused("{\"key\":\"\"," + ok + "}", "x.jsonl line 1: key must be a non-empty string");
        assertRefused(
                "{\"key\":\"k\",\"step\":-1," + ok + "}",
                "x.jsonl line 1: key \"k\": step must be a non-negative integer, got -1");
        assertRefused(
                "{\"key\":\"k\",\"seq\":1.5," + ok + "}", "x.jsonl line 1: key \"k\": seq must be an integer, got 1.5");
        assertRefused(
                "{\"key\":\"k\"}",
                "x.jsonl line 1: key \"k\": states must be an array with one object per stateful layer");
        assertRefused("[1]", "x.jsonl line 1: not a JSON object");
        assertRefused(
                "{\"key\":\"k\",\"states\":[{\"h\":[1e39" + ",0".repeat(21) + "],\"c\":"
                        + Arrays.toString(new float[22]) + "},{\"h\":[0,0]}]}",
                "x.jsonl line 1: key \"k\": states[0].h[0] is not a finite float32 number: 1.0E39");
        assertRefused(
                "{\"key\":\"k\"," + ok + "}\n{\"key\":\"k\"," + ok + "}",
                "x.jsonl line 2: key \"k\" is already on line 1");
    }

    @Test
    void refusesAWrongSizeInHdf5NamingGroupKeyAndLayer() throws Exception {
        Path f = dir.resolve("bad.h5");
        try (WritableHdfFile w = HdfFile.write(f)) {
            WritableGroup k = w.putGroup("a%2Fb");
            WritableGroup lstm = k.putGroup("lstm");
            lstm.putDataset("h", new float[22]);
            lstm.putDataset("c", new float[20]);
            k.putGroup("gru").putDataset("h", new float[2]);
        }
        StatesException e = assertThrows(StatesException.class, () -> StatesFiles.read(f, layout));
        assertEquals(
                "bad.h5: /a%2Fb (key \"a/b\"): layer lstm (LSTM, 22 units): c has 20 values, the layer needs 22",
                e.getMessage());
    }

    @Test
    void refusesAMissingLayerGroupInHdf5() throws Exception {
        Path f = dir.resolve("missing.h5");
        try (WritableHdfFile w = HdfFile.write(f)) {
            WritableGroup lstm = w.putGroup("k").putGroup("lstm");
            lstm.putDataset("h", new float[22]);
            lstm.putDataset("c", new float[22]);
        }
        StatesException e = assertThrows(StatesException.class, () -> StatesFiles.read(f, layout));
        assertEquals(
                "missing.h5: /k (key \"k\"): no group for layer gru (GRU, 2 units), stateful layer 2 of [lstm, gru]",
                e.getMessage());
    }

    private void assertRefused(String content, String message) throws Exception {
        Path f = dir.resolve("x.jsonl");
        Files.writeString(f, content + "\n");
        StatesException e = assertThrows(StatesException.class, () -> StatesFiles.read(f, layout));
        assertEquals(message, e.getMessage());
    }
}
