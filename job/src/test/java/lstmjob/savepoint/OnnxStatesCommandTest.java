package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lstmjob.cli.CommandRun;
import lstmjob.model.Model;
import lstmjob.model.StateLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code states import} and {@code export} with a PyTorch model exported to ONNX (two LSTM and three RNN layers,
 * their states bound per key): the states of every layer go into a savepoint and come back bit for bit, in both
 * file formats.
 */
class OnnxStatesCommandTest {

    private static final Path MODEL = Path.of("../operators/src/test/resources/onnx/case-16/model.onnx");

    @TempDir
    Path dir;

    @Test
    void importThenExportGivesTheSameStates() throws Exception {
        Model model = TestStates.model(MODEL);
        StateLayout layout = model.stateLayout();
        assertEquals(5, layout.entries().size(), "two LSTM and three RNN layers: " + layout);
        List<KeyStateRecord> states = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            float[] s = new float[layout.floats()];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) Math.sin(k * 31 + i) / (i + 1) * (float) Math.PI;
            }
            states.add(new KeyStateRecord("key-" + k, s, 0, 10 + k, true, 100 + k, 0));
        }
        Path in = dir.resolve("in.jsonl");
        StatesFiles.write(in, layout, states.iterator());
        Path savepoint = dir.resolve("sp");
        CommandRun imported = CommandRun.command(
                "states",
                "import",
                "--in",
                in.toString(),
                "--model",
                MODEL.toString(),
                "--out-savepoint",
                savepoint.toString());
        assertEquals(0, imported.code(), imported.out() + imported.err());
        assertTrue(Files.isRegularFile(savepoint.resolve("_metadata")), "a savepoint was written");
        for (String file : List.of("out.jsonl", "out.h5")) {
            Path out = dir.resolve(file);
            CommandRun exported = CommandRun.command(
                    "states",
                    "export",
                    "--savepoint",
                    savepoint.toString(),
                    "--model",
                    MODEL.toString(),
                    "--out",
                    out.toString());
            assertEquals(0, exported.code(), exported.out() + exported.err());
            TestStates.assertSameStates(states, StatesFiles.read(out, layout));
        }
    }
}
