package lstmjob.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo}, as a user runs it: the real jar in its own JVM. Within 60 s it prints running-count predictions
 * that match the true counts, or with {@code --model} the predictions of the user's model, and when it stops it
 * leaves no process and no temporary file behind.
 */
class DemoTest {

    /** "sensor-2   seq 17   step 4   x=1  count so far 3   -> prediction  2.970" */
    private static final Pattern PREDICTION =
            Pattern.compile("(sensor-\\d+)\\s+seq (\\d+)\\s+step (\\d+)\\s+x=([01])\\s+count so far (\\d+)\\s+-> "
                    + "prediction\\s+(-?[\\d.]+)");

    /** What a demo run printed, and how it ended. */
    private record Run(List<String> lines, String transcript, boolean exited, int exitValue, long firstMatchNanos) {}

    /** Runs the real jar's {@code demo} with {@code args} in its own JVM, until it stops by itself (or 120 s). */
    private static Run demo(Path tmp, Path javaTmp, Pattern first, String... args) throws Exception {
        Path jar = Repository.root().resolve("job/target/lstm-job.jar");
        assertTrue(Files.isRegularFile(jar), "the job jar is built by the package phase: run mvn verify");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Djava.io.tmpdir=" + javaTmp,
                "-jar",
                jar.toString(),
                "demo"));
        command.addAll(List.of(args));
        Process demo = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectError(tmp.resolve("demo.err").toFile())
                .start();
        long started = System.nanoTime();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        long[] firstMatch = {-1};
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (firstMatch[0] < 0 && first.matcher(line).find()) {
                        firstMatch[0] = System.nanoTime() - started;
                    }
                }
            } catch (IOException e) {
                lines.add("(stdout closed: " + e + ")");
            }
        });
        reader.start();
        boolean exited = demo.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        reader.join(10_000);
        String transcript = String.join("\n", lines) + "\n--- stderr ---\n" + Files.readString(tmp.resolve("demo.err"));
        assertTrue(exited, "demo stopped by itself\n" + transcript);
        assertTrue(demo.descendants().findAny().isEmpty(), "no process left behind");
        return new Run(List.copyOf(lines), transcript, exited, demo.exitValue(), firstMatch[0]);
    }

    @Test
    void demoPrintsRunningCountsAndCleansUp(@TempDir Path tmp) throws Exception {
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        Run run = demo(tmp, javaTmp, PREDICTION, "--seconds", "40");
        List<String> lines = run.lines();
        String transcript = run.transcript();
        assertEquals(0, run.exitValue(), transcript);
        assertTrue(
                run.firstMatchNanos() > 0 && run.firstMatchNanos() < TimeUnit.SECONDS.toNanos(60),
                "a prediction within 60 s\n" + transcript);

        int predictions = 0;
        for (String line : lines) {
            Matcher m = PREDICTION.matcher(line);
            if (m.find()) {
                predictions++;
                int count = Integer.parseInt(m.group(5));
                double y = Double.parseDouble(m.group(6));
                assertTrue(Math.abs(y - count) < 0.5, "the model counts: " + line);
            }
        }
        assertTrue(predictions >= 20, predictions + " predictions\n" + transcript);
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("sensor-\\d+\\s+reset after \\d+ steps \\(end\\)")),
                "resets are shown\n" + transcript);
        assertTrue(lines.get(lines.size() - 1).contains("stopped"), transcript);
        assertNoTemporaryFiles(javaTmp);
    }

    /**
     * {@code demo --model}: the user's own model, here one with three named inputs (two of features, one of ids)
     * and a four-value output: the records carry x by input name and every prediction has the model's output size.
     */
    @Test
    void demoServesTheUsersOwnModel(@TempDir Path tmp) throws Exception {
        Path model = Repository.root().resolve("operators/src/test/resources/oracle-v2/case-501/model.keras");
        Pattern prediction = Pattern.compile(
                "(sensor-\\d+)\\s+seq (\\d+)\\s+step (\\d+)\\s+x=\\{\"load\":\\[.*" + "-> prediction (\\[.*\\])$");
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        Run run = demo(tmp, javaTmp, prediction, "--model", model.toString(), "--seconds", "30", "--keys", "2");
        assertEquals(0, run.exitValue(), run.transcript());
        int predictions = 0;
        for (String line : run.lines()) {
            Matcher m = prediction.matcher(line);
            if (m.find()) {
                predictions++;
                assertEquals(4, m.group(4).split(",").length, "four values per prediction: " + line);
            }
        }
        assertTrue(predictions >= 10, predictions + " predictions\n" + run.transcript());
        assertTrue(run.lines().get(0).startsWith("demo: starting"), run.transcript());
        assertTrue(run.lines().stream().anyMatch(l -> l.contains("model " + model)), run.transcript());
        assertNoTemporaryFiles(javaTmp);
    }

    private static void assertNoTemporaryFiles(Path javaTmp) throws IOException {
        try (Stream<Path> left = Files.list(javaTmp)) {
            List<Path> files = left.filter(p -> !p.getFileName().toString().startsWith("hsperfdata"))
                    .toList();
            assertEquals(List.of(), files, "no temporary file left behind");
        }
    }
}
