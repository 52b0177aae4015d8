package lstmjob.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, each run with a fresh profile: the DOM after the page's scripts ran, or a
 * screenshot. Required: a test that needs it fails when it is missing ({@code .ci/run} installs it).
 */
final class HeadlessChromium {

    /** What one run printed: stdout (the DOM of --dump-dom) and stderr (chromium's log, console messages). */
    record Run(String out, String err) {}

    private final Path binary;
    private final Path scratch;
    private int runs;

    private HeadlessChromium(Path binary, Path scratch) {
        this.binary = binary;
        this.scratch = scratch;
    }

    /** $CHROMIUM, else chromium (or chromium-browser) on the PATH. */
    static HeadlessChromium find(Path scratch) {
        List<Path> candidates = new ArrayList<>();
        String given = System.getenv("CHROMIUM");
        if (given != null && !given.isBlank()) {
            candidates.add(Path.of(given));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            candidates.add(Path.of(dir, "chromium"));
            candidates.add(Path.of(dir, "chromium-browser"));
        }
        Path found = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assertTrue(
                found != null,
                "this test renders the report in headless Chromium, and none was found on the PATH "
                        + "(Debian: apt-get install chromium; or set CHROMIUM to its path)");
        return new HeadlessChromium(found, scratch);
    }

    /** The page's DOM once its scripts have run. */
    Run dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
        return run(page, width, height, "--dump-dom");
    }

    Run screenshot(Path page, int width, int height, Path png) throws IOException, InterruptedException {
        Run r = run(page, width, height, "--screenshot=" + png.toAbsolutePath());
        assertTrue(Files.size(png) > 0, "chromium wrote no screenshot: " + r.err());
        return r;
    }

    private Run run(Path page, int width, int height, String what) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(scratch.resolve("profile-" + ++runs));
        List<String> cmd = List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height,
                "--virtual-time-budget=10000",
                "--enable-logging=stderr",
                "--v=0",
                what,
                page.toAbsolutePath().toUri().toString());
        Path out = scratch.resolve("run-" + runs + ".out");
        Path err = scratch.resolve("run-" + runs + ".err");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish within 5 minutes: " + cmd);
        }
        Run r = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue(), () -> "chromium's exit code; stderr:\n" + r.err());
        return r;
    }
}
