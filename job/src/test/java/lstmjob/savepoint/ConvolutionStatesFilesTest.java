package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lstmjob.Main;
import lstmjob.model.StateLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * States of a model with a causal convolution (Conv1D kernel 3, dilation 2, 3 channels → LSTM of 5 units): the
 * convolution's 4 past inputs are one member, {@code inputs}, oldest first, in JSON Lines (an array of 4 arrays of
 * 3) and in HDF5 (a (4, 3) float32 dataset); both round-trip exactly, and so do {@code states import} and
 * {@code states export} through a savepoint.
 */
class ConvolutionStatesFilesTest {

    static final Path MODEL = Path.of("../operators/src/test/resources/causal-conv/conv-lstm-dense/model.json");
    /** 4 past inputs of 3 channels, then the LSTM's h and c of 5. */
    static final int FLOATS = 4 * 3 + 2 * 5;

    static StateLayout layout;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        layout = TestStates.model(MODEL).stateLayout();
        assertEquals(FLOATS, layout.floats());
    }

    private static float[] state(int seed) {
        float[] s = new float[FLOATS];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.sin(seed * 31 + i) / (i + 1) * (float) Math.PI;
        }
        return s;
    }

    private static List<KeyStateRecord> sample() {
        List<KeyStateRecord> out = new ArrayList<>();
        out.add(new KeyStateRecord("key-1", state(1), 0, 17, true, 42, 0));
        out.add(new KeyStateRecord("sensor 7", state(2), 0, 3, false, 0, 0));
        out.add(new KeyStateRecord("ключ/%", state(3), 0, 1, true, 1, 0));
        return out;
    }

    @Test
    void jsonLinesShowThePastInputsOldestFirstAndRoundTripExactly() throws Exception {
        Path f = dir.resolve("states.jsonl");
        StatesFiles.write(f, layout, sample().iterator());
        TestStates.assertSameStates(sample(), StatesFiles.read(f, layout));

        JsonNode n = new ObjectMapper()
                .readTree(Files.readAllLines(f, StandardCharsets.UTF_8).get(0));
        JsonNode conv = n.path("states").get(0);
        assertEquals("conv1d", conv.path("layer").asText());
        assertEquals(List.of("layer", "inputs"), fieldNames(conv));
        assertEquals(4, conv.path("inputs").size());
        float[] s = state(1);
        for (int v = 0; v < 4; v++) {
            assertEquals(3, conv.path("inputs").get(v).size());
            for (int i = 0; i < 3; i++) {
                assertEquals(s[v * 3 + i], conv.path("inputs").get(v).get(i).floatValue());
            }
        }
        assertEquals(s[12], n.path("states").get(1).path("h").get(0).floatValue(), "the LSTM's h after them");
    }

    @Test
    void hdf5HoldsThePastInputsAsOneMatrixAndRoundTripsExactly() throws Exception {
        Path f = dir.resolve("states.h5");
        StatesFiles.write(f, layout, sample().iterator());
        TestStates.assertSameStates(sample(), StatesFiles.read(f, layout));
        try (HdfFile h = new HdfFile(f)) {
            Group conv = (Group) ((Group) h.getChild("key-1")).getChild("conv1d");
            assertEquals("Conv1D", conv.getAttribute("type").getData());
            Dataset inputs = (Dataset) conv.getChild("inputs");
            assertArrayEquals(new int[] {4, 3}, inputs.getDimensions());
            assertArrayEquals(Arrays.copyOfRange(state(1), 0, 12), (float[]) inputs.getDataFlat());
            assertEquals(1, conv.getChildren().size(), "no h or c for a convolution");
        }
    }

    @Test
    void refusesPastInputsOfTheWrongShapeNamingTheLayer() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(
                f,
                "{\"key\":\"k\",\"states\":[{\"inputs\":[[1,2,3],[4,5,6]]},"
                        + "{\"h\":[1,2,3,4,5],\"c\":[1,2,3,4,5]}]}\n");
        StatesException e = assertThrows(StatesException.class, () -> StatesFiles.read(f, layout));
        assertEquals(
                "bad.jsonl line 1: key \"k\": layer conv1d (Conv1D, 4 past inputs of 3 channels): inputs has 2 "
                        + "vectors, the layer needs 4",
                e.getMessage());
        Files.writeString(f, "{\"key\":\"k\",\"states\":[{\"h\":[1,2,3]},{\"h\":[1,2,3,4,5],\"c\":[1,2,3,4,5]}]}\n");
        e = assertThrows(StatesException.class, () -> StatesFiles.read(f, layout));
        assertEquals(
                "bad.jsonl line 1: key \"k\": layer conv1d (Conv1D, 4 past inputs of 3 channels) keeps its past "
                        + "inputs, but an h is given",
                e.getMessage());
    }

    @Test
    void importThenExportThroughASavepointKeepsThePastInputs() throws Exception {
        Path in = dir.resolve("in.jsonl");
        StatesFiles.write(in, layout, sample().iterator());
        Path savepoint = dir.resolve("sp");
        cli("import", "--in", in.toString(), "--model", MODEL.toString(), "--out-savepoint", savepoint.toString());
        Path out = dir.resolve("out.h5");
        cli("export", "--savepoint", savepoint.toString(), "--model", MODEL.toString(), "--out", out.toString());
        TestStates.assertSameStates(sample(), StatesFiles.read(out, layout));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "states";
        System.arraycopy(args, 0, all, 1, args.length);
        assertEquals(0, cmd.execute(all), String.join(" ", all) + ":\n" + out + err);
    }
}
