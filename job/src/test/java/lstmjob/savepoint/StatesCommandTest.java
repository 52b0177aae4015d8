package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lstmjob.Main;
import lstmjob.model.StateLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code states import} and {@code states export} through the command line, each running its State Processor API
 * job on a local MiniCluster: round trips through savepoints in both formats, merging into an existing savepoint,
 * and the refusals (a savepoint of another model, a bad line, wrong sizes), which leave nothing behind.
 */
class StatesCommandTest {

    static StateLayout layout;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    @BeforeAll
    static void loadModel() {
        layout = TestStates.model(TestStates.LSTM_GRU).stateLayout();
    }

    private static Run states(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "states";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cmd.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    private void ok(Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    private Path write(String name, List<KeyStateRecord> records) throws Exception {
        Path f = dir.resolve(name);
        StatesFiles.write(f, layout, records.iterator());
        return f;
    }

    private Path importFresh(Path in, String name) {
        Path sp = dir.resolve(name);
        ok(states(
                "import",
                "--in",
                in.toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out-savepoint",
                sp.toString()));
        return sp;
    }

    private List<KeyStateRecord> export(Path savepoint, String file) {
        Path out = dir.resolve(file);
        Run r = states(
                "export",
                "--savepoint",
                savepoint.toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out",
                out.toString());
        ok(r);
        return StatesFiles.read(out, layout);
    }

    @Test
    void importThenExportGivesTheSameStatesInBothFormats() throws Exception {
        List<KeyStateRecord> states = TestStates.sample();
        Path a = importFresh(write("in.jsonl", states), "sp-a");
        assertTrue(Files.isRegularFile(a.resolve("_metadata")), "a savepoint was written");
        TestStates.assertSameStates(states, export(a, "a.jsonl"));

        // export → import → export, through HDF5 this time
        TestStates.assertSameStates(states, export(a, "a.h5"));
        Path b = importFresh(dir.resolve("a.h5"), "sp-b");
        TestStates.assertSameStates(states, export(b, "b.jsonl"));
    }

    @Test
    void importFromASavepointOverwritesAddsAndKeepsTheRest() throws Exception {
        List<KeyStateRecord> first = TestStates.sample();
        Path a = importFresh(write("first.jsonl", first), "sp-a");

        KeyStateRecord overwritten = TestStates.record("sensor 7", 20, 5, 9L);
        KeyStateRecord added = TestStates.record("new/key", 21, 0, null);
        Path second = write("second.jsonl", List.of(overwritten, added));
        Path c = dir.resolve("sp-c");
        Run r = states(
                "import",
                "--in",
                second.toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out-savepoint",
                c.toString(),
                "--from-savepoint",
                a.toString());
        ok(r);

        List<KeyStateRecord> expected = new ArrayList<>();
        for (KeyStateRecord k : first) {
            if (!k.key.equals("sensor 7")) {
                expected.add(k);
            }
        }
        expected.add(overwritten);
        expected.add(added);
        TestStates.assertSameStates(expected, export(c, "c.jsonl"));
        // the savepoint started from is untouched
        TestStates.assertSameStates(first, export(a, "a-again.jsonl"));
    }

    @Test
    void exportRefusesASavepointOfAnotherModel() throws Exception {
        Path a = importFresh(write("in.jsonl", TestStates.sample()), "sp-a");
        Path out = dir.resolve("out.jsonl");
        Run r = states(
                "export", "--savepoint", a.toString(), "--model", TestStates.OTHER.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: the savepoint "), r.err());
        assertTrue(r.err().contains("holds key states of another state layout than the model "), r.err());
        assertTrue(r.err().contains("stateful layer 1: lstm (LSTM, 2 × 22) vs lstm_3 (LSTM, 2 × 14)"), r.err());
        assertFalse(Files.exists(out), "no file written");
    }

    @Test
    void exportRefusesAMissingOutputDirectory() throws Exception {
        Path a = importFresh(write("in.jsonl", TestStates.sample()), "sp-a");
        Path out = dir.resolve("no-such-dir").resolve("out.h5");
        Run r = states(
                "export",
                "--savepoint",
                a.toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out",
                out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(
                "error: cannot write " + out.toAbsolutePath() + ": there is no directory "
                        + out.toAbsolutePath().getParent(),
                r.err().strip());
    }

    @Test
    void importRefusesToStartFromASavepointOfAnotherModel() throws Exception {
        Path a = importFresh(write("in.jsonl", TestStates.sample()), "sp-a");
        Path other = dir.resolve("other.jsonl");
        // a valid state for case-20's model: LSTM 14, LSTM 1, LSTM 16
        Files.writeString(
                other,
                "{\"key\":\"k\",\"states\":[{\"h\":" + zeros(14) + ",\"c\":" + zeros(14)
                        + "},{\"h\":[0],\"c\":[0]},{\"h\":" + zeros(16) + ",\"c\":" + zeros(16) + "}]}\n");
        Path c = dir.resolve("sp-c");
        Run r = states(
                "import",
                "--in",
                other.toString(),
                "--model",
                TestStates.OTHER.toString(),
                "--out-savepoint",
                c.toString(),
                "--from-savepoint",
                a.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("holds key states of another state layout"), r.err());
        assertFalse(Files.exists(c), "no savepoint written");
    }

    @Test
    void importRefusesABadLineAndWritesNothing() throws Exception {
        Path in = write("in.jsonl", TestStates.sample());
        Files.writeString(in, Files.readString(in) + "{\"key\":\"k\",\"states\":[}\n");
        Path sp = dir.resolve("sp");
        Run r = states(
                "import",
                "--in",
                in.toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out-savepoint",
                sp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: in.jsonl line 6: not JSON"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(sp), "no savepoint written");
    }

    @Test
    void importRefusesWrongSizesNamingKeyLayerAndSizes() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(
                in,
                "{\"key\":\"k\",\"states\":[{\"h\":" + zeros(22) + ",\"c\":" + zeros(22) + "},{\"h\":" + zeros(3)
                        + "}]}\n");
        Path sp = dir.resolve("sp");
        Run r = states(
                "import",
                "--in",
                in.toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out-savepoint",
                sp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(
                "error: in.jsonl line 1: key \"k\": layer gru (GRU, 2 units): h has 3 values, the layer needs 2",
                r.err().strip());
        assertFalse(Files.exists(sp), "no savepoint written");
    }

    @Test
    void importRefusesAnExistingSavepointDirectory() throws Exception {
        Path in = write("in.jsonl", TestStates.sample());
        Path a = importFresh(in, "sp-a");
        byte[] metadata = Files.readAllBytes(a.resolve("_metadata"));
        Run r = states(
                "import",
                "--in",
                in.toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out-savepoint",
                a.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("already exists"), r.err());
        assertTrue(java.util.Arrays.equals(metadata, Files.readAllBytes(a.resolve("_metadata"))), "left as it was");
    }

    @Test
    void exportRefusesWhatIsNotASavepoint() {
        Run r = states(
                "export",
                "--savepoint",
                dir.resolve("nothing-here").toString(),
                "--model",
                TestStates.LSTM_GRU.toString(),
                "--out",
                dir.resolve("o.jsonl").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: cannot read the savepoint "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void missingOptionsAreUsageErrors() {
        assertEquals(
                2, states("export", "--model", TestStates.LSTM_GRU.toString()).code());
        assertEquals(2, states("import", "--in", "x.jsonl").code());
        assertEquals(2, states().code());
    }

    private static String zeros(int n) {
        return java.util.Arrays.toString(new float[n]);
    }
}
