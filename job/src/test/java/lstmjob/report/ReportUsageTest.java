package lstmjob.report;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Report settings that cannot work are usage errors (exit 2) that say why, before replay writes anything. */
class ReportUsageTest {

    private static final Path EXAMPLE = Path.of("../example");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--report        | missing/report.html | does not exist",
                "--report        | .                   | is a directory",
                "--report-keys   | 0                   | --report-keys 0: must be at least 1",
                "--report-output | 1                   | --report-output 1: the model's y has 1 value, index 0",
                "--report-output | -1                  | --report-output -1: the model's y has 1 value, index 0",
                "--report-keys   | 3                   | --report-keys and --report-output need --report FILE.html",
            })
    void refusedBeforeAnythingIsWritten(String option, String value, String message, @TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        Path out = dir.resolve("out.jsonl");
        List<String> args = new ArrayList<>(List.of(
                "replay",
                "--model",
                EXAMPLE.resolve("running-count.keras").toString(),
                "--input",
                EXAMPLE.resolve("running-count.backtest.jsonl").toString(),
                "--output",
                out.toString()));
        if (option.equals("--report")) {
            args.addAll(List.of("--report", dir.resolve(value).toString()));
        } else if (message.contains("need --report")) {
            args.addAll(List.of(option, value));
        } else {
            args.addAll(List.of("--report", dir.resolve("r.html").toString(), option, value));
        }
        int code = cmd.execute(args.toArray(String[]::new));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(message), err.toString());
        assertFalse(Files.exists(out), "no output written");
        assertFalse(Files.exists(dir.resolve("r.html")), "no report written");
    }
}
