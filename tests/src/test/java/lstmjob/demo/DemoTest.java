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
 * that match the true counts, and when it stops it leaves no process and no temporary file behind.
 */
class DemoTest {

    /** "sensor-2   seq 17   step 4   x=1  count so far 3   -> prediction  2.970" */
    private static final Pattern PREDICTION =
            Pattern.compile("(sensor-\\d+)\\s+seq (\\d+)\\s+step (\\d+)\\s+x=([01])\\s+count so far (\\d+)\\s+-> "
                    + "prediction\\s+(-?[\\d.]+)");

    @Test
    void demoPrintsRunningCountsAndCleansUp(@TempDir Path tmp) throws Exception {
        Path jar = Repository.root().resolve("job/target/lstm-job.jar");
        assertTrue(Files.isRegularFile(jar), "the job jar is built by the package phase: run mvn verify");
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        Process demo = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-Djava.io.tmpdir=" + javaTmp,
                        "-jar",
                        jar.toString(),
                        "demo",
                        "--seconds",
                        "40")
                .directory(tmp.toFile())
                .redirectError(tmp.resolve("demo.err").toFile())
                .start();
        long started = System.nanoTime();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        long[] firstPrediction = {-1};
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (firstPrediction[0] < 0 && PREDICTION.matcher(line).find()) {
                        firstPrediction[0] = System.nanoTime() - started;
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
        assertTrue(exited, "demo --seconds 40 stopped by itself\n" + transcript);
        assertEquals(0, demo.exitValue(), transcript);
        assertTrue(
                firstPrediction[0] > 0 && firstPrediction[0] < TimeUnit.SECONDS.toNanos(60),
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

        assertTrue(demo.descendants().findAny().isEmpty(), "no process left behind");
        try (Stream<Path> left = Files.list(javaTmp)) {
            List<Path> files = left.filter(p -> !p.getFileName().toString().startsWith("hsperfdata"))
                    .toList();
            assertEquals(List.of(), files, "no temporary file left behind");
        }
    }
}
