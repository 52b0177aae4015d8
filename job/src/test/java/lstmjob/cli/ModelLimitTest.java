package lstmjob.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The loading options reach the loader: a model over --max-model-parameters is refused with the limit named, and
 * one with a NaN weight unless --allow-non-finite-weights is given.
 */
class ModelLimitTest {

    private static final Path EXAMPLE = Path.of("../example");

    private static int replay(Path out, StringWriter err, String limit) {
        return replay(
                EXAMPLE.resolve("running-count.keras"),
                EXAMPLE.resolve("running-count.stream.jsonl"),
                out,
                err,
                "--max-model-parameters",
                limit);
    }

    private static int replay(Path model, Path input, Path out, StringWriter err, String... options) {
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of(
                "replay", "--model", model.toString(), "--input", input.toString(), "--output", out.toString()));
        args.addAll(List.of(options));
        return cmd.execute(args.toArray(String[]::new));
    }

    @Test
    void aModelWithANaNWeightIsRefusedUnlessAllowed(@TempDir Path dir) throws Exception {
        Path model = InspectCommandTest.withNaNWeight(Files.createDirectories(dir.resolve("model")));
        Path input = Path.of("../operators/src/test/resources/oracle/case-7/stream.jsonl");
        Path out = dir.resolve("out.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(1, replay(model, input, out, err), err.toString());
        assertTrue(err.toString().contains("--allow-non-finite-weights"), err.toString());
        assertFalse(Files.exists(out), "nothing written");

        assertEquals(0, replay(model, input, out, err, "--allow-non-finite-weights"), err.toString());
        assertTrue(Files.readAllLines(out).size() > 0, "predictions written");
    }

    @Test
    void aModelOverTheLimitIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        Path out = dir.resolve("out.jsonl");
        assertEquals(1, replay(out, err, "10"), err.toString());
        assertTrue(err.toString().contains("(--max-model-parameters)"), err.toString());
        assertTrue(err.toString().contains(" 10 "), "names the limit: " + err);
        assertFalse(Files.exists(out), "no output written");
    }

    @Test
    void aModelWithinTheLimitIsServed(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path out = dir.resolve("out.jsonl");
        assertEquals(0, replay(out, err, "100000"), err.toString());
        assertTrue(Files.readAllLines(out).size() > 0, "predictions written");
    }

    @Test
    void aLimitBelowOneIsAUsageError(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertEquals(2, replay(dir.resolve("out.jsonl"), err, "0"), err.toString());
        assertTrue(err.toString().contains("max-model-parameters"), err.toString());
    }
}
