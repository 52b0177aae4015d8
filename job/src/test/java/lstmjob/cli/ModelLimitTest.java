package lstmjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import lstmjob.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --max-model-parameters reaches the loader: a model over the limit is refused with the limit named. */
class ModelLimitTest {

    private static final Path EXAMPLE = Path.of("../example");

    private static int replay(Path out, StringWriter err, String limit) {
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        return cmd.execute("replay", "--model", EXAMPLE.resolve("running-count.keras").toString(),
                "--input", EXAMPLE.resolve("running-count.stream.jsonl").toString(), "--output", out.toString(),
                "--max-model-parameters", limit);
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
