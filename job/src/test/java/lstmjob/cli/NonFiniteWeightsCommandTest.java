package lstmjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lstmjob.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A model with a NaN in a weight: {@code inspect} and {@code replay} refuse it naming the weight, and serve it with
 * {@code --allow-non-finite-weights}, {@code inspect} printing the warning.
 */
class NonFiniteWeightsCommandTest {

    /** case-7 of the oracle suite: LSTM → LSTM → GRU → Dense; its shard starts with the first LSTM's kernel. */
    private static final Path CASE = Path.of("../operators/src/test/resources/oracle/case-7");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path poisoned(Path dir) throws Exception {
        Files.copy(CASE.resolve("model.json"), dir.resolve("model.json"));
        byte[] shard = Files.readAllBytes(CASE.resolve("group1-shard1of1.bin"));
        ByteBuffer.wrap(shard).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
        Files.write(dir.resolve("group1-shard1of1.bin"), shard);
        return dir.resolve("model.json");
    }

    @Test
    void inspectRefusesItAndWithTheFlagWarns(@TempDir Path dir) throws Exception {
        Path model = poisoned(dir);
        Run refused = run("inspect", model.toString());
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("Servable: no: "), refused.out());
        assertTrue(refused.out().contains("(LSTM): weight 'kernel'"), refused.out());
        assertTrue(refused.out().contains("1 NaN, 0 infinite), the first at index (0, 0)"), refused.out());

        Run allowed = run("inspect", "--allow-non-finite-weights", model.toString());
        assertEquals(0, allowed.code(), allowed.out() + allowed.err());
        assertTrue(allowed.out().contains("Warning: layer '"), allowed.out());
        assertTrue(allowed.out().contains("its predictions may be NaN"), allowed.out());
        assertTrue(allowed.out().contains("Servable: yes"), allowed.out());
    }

    @Test
    void replayRefusesItUnlessAllowed(@TempDir Path dir) throws Exception {
        Path model = poisoned(Files.createDirectories(dir.resolve("model")));
        Path out = dir.resolve("out.jsonl");
        List<String> args = new ArrayList<>(List.of("replay", "--model", model.toString(),
                "--input", CASE.resolve("stream.jsonl").toString(), "--output", out.toString()));
        Run refused = run(args.toArray(String[]::new));
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("--allow-non-finite-weights"), refused.err());
        assertFalse(Files.exists(out), "nothing written");

        args.add("--allow-non-finite-weights");
        Run allowed = run(args.toArray(String[]::new));
        assertEquals(0, allowed.code(), allowed.out() + allowed.err());
        assertTrue(Files.readAllLines(out).size() > 0, "predictions written");
    }
}
