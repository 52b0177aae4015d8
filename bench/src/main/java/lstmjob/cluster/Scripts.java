package lstmjob.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the checkout's {@code bin/} scripts as a user would type them, from the checkout's root, with the
 * environment that points them at this test run's state directories. What they print for people (stderr) goes
 * to a log file next to those directories; what they print for scripts (stdout, KEY=VALUE lines) is returned.
 */
public final class Scripts {

    /** What a script printed on stdout, and its KEY=VALUE lines. */
    record Result(String command, String stdout, Map<String, String> values) {
        String value(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalStateException(command + " printed no " + key + "=...; stdout was:\n" + stdout);
            }
            return v;
        }
    }

    private final Path root = Checkout.root();
    private final Map<String, String> environment;
    private final Path log;

    /**
     * @param environment added to the scripts' environment (state dirs, owner PID)
     * @param log         where the scripts' progress messages and the commands go
     */
    Scripts(Map<String, String> environment, Path log) {
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    Path root() {
        return root;
    }

    Path log() {
        return log;
    }

    /** Runs {@code bin/NAME ARGS}, fails unless it exits with 0 within {@code timeout}. */
    Result run(Duration timeout, String name, String... args) {
        List<String> command = new ArrayList<>();
        command.add("bin/" + name);
        command.addAll(List.of(args));
        String shown = String.join(" ", command);
        note("$ " + shown);
        Path out;
        try {
            out = Files.createTempFile(log.getParent(), "stdout", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(environment);
            long started = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(shown + " did not finish within " + timeout + "; see " + log);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            note(stdout.stripTrailing() + (stdout.isBlank() ? "" : "\n") + "  (exit " + p.exitValue() + " after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
            if (p.exitValue() != 0) {
                throw new IllegalStateException(shown + " exited with " + p.exitValue() + "; stdout:\n" + stdout
                        + "\nits messages are in " + log + ":\n" + tail(40));
            }
            return new Result(shown, stdout, values(stdout));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + shown, e);
        }
    }

    /** Appends a line to the log, with the time. */
    void note(String line) {
        try {
            Files.writeString(
                    log,
                    LocalTime.now().withNano(0) + " " + line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    private static Map<String, String> values(String stdout) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return values;
    }
}
