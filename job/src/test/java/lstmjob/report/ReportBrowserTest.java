package lstmjob.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import lstmjob.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --report} on the example's backtest stream, opened in headless Chromium: every chart drew its
 * lines, seen both in the canvases' pixels and in a screenshot of the page, and the page raised no error.
 */
class ReportBrowserTest {

    private static final Path EXAMPLE = Path.of("../example");
    /** Where the screenshot is kept after the test (docs/backtest-report.png is one). */
    private static final Path KEPT = Path.of("target/report-browser");

    private static final int WIDTH = 1280;

    /** Before the page's scripts: collects every error and console error or warning. */
    private static final String PROBE_HEAD = """
            <script>
            window.probeProblems = [];
            window.addEventListener('error', function (e) { probeProblems.push('error: ' + e.message); });
            window.addEventListener('unhandledrejection', function (e) {
              probeProblems.push('rejected: ' + e.reason);
            });
            ['error', 'warn'].forEach(function (level) {
              var original = console[level];
              console[level] = function () {
                probeProblems.push('console.' + level + ': ' + Array.prototype.join.call(arguments, ' '));
                original.apply(console, arguments);
              };
            });
            </script>
            """;

    /** After them: each canvas's place on the page and its pixels, counted by series colour, into #probe. */
    private static final String PROBE_TAIL = """
            <script>
            window.addEventListener('load', function () {
              setTimeout(function () {
                var colors = {prediction: [31, 119, 180], target: [255, 127, 14], error: [214, 39, 40]};
                var charts = [];
                document.querySelectorAll('canvas').forEach(function (c) {
                  var r = c.getBoundingClientRect();
                  var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  var n = {drawn: 0, prediction: 0, target: 0, error: 0};
                  for (var i = 0; i < px.length; i += 4) {
                    if (px[i + 3] === 0) continue;
                    n.drawn++;
                    for (var k in colors) {
                      var d = Math.abs(px[i] - colors[k][0]) + Math.abs(px[i + 1] - colors[k][1])
                        + Math.abs(px[i + 2] - colors[k][2]);
                      if (d < 30) n[k]++;
                    }
                  }
                  charts.push({chart: c.getAttribute('data-chart'), key: c.getAttribute('data-key'),
                    x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height,
                    isChart: !!Chart.getChart(c), pixels: n});
                });
                var pre = document.createElement('pre');
                pre.id = 'probe';
                pre.textContent = JSON.stringify({problems: probeProblems,
                  height: document.documentElement.scrollHeight, charts: charts});
                document.body.appendChild(pre);
              }, 500);
            });
            </script>
            """;

    private static final Pattern PROBE = Pattern.compile("(?s)<pre id=\"probe\">(.*?)</pre>");

    @Test
    void everyChartDrawsInChromium(@TempDir Path dir) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(Files.createDirectories(dir.resolve("chromium")));
        Path report = dir.resolve("report.html");
        int code = Main.commandLine()
                .execute(
                        "replay",
                        "--model",
                        EXAMPLE.resolve("running-count.keras").toString(),
                        "--input",
                        EXAMPLE.resolve("running-count.backtest.jsonl").toString(),
                        "--output",
                        dir.resolve("out.jsonl").toString(),
                        "--report",
                        report.toString());
        assertEquals(0, code, "replay's exit code");

        String html = Files.readString(report, StandardCharsets.UTF_8);
        Path probed = dir.resolve("probed.html");
        Files.writeString(
                probed,
                html.replaceFirst("<head>", "<head>\n" + PROBE_HEAD).replace("</body>", PROBE_TAIL + "</body>"),
                StandardCharsets.UTF_8);
        HeadlessChromium.Run run = chromium.dumpDom(probed, WIDTH, 1000);
        Matcher m = PROBE.matcher(run.out());
        assertTrue(m.find(), "the page's script ran to the end: no probe in\n" + run.out() + "\n" + run.err());
        JsonNode probe = new ObjectMapper()
                .readTree(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        assertEquals("[]", probe.get("problems").toString(), "errors or console messages on the page");
        assertNoConsoleErrors(run.err());

        List<String> charts = new ArrayList<>();
        for (JsonNode c : probe.get("charts")) {
            String name = c.get("chart").asText() + " " + c.get("key").asText();
            charts.add(name);
            assertTrue(c.get("isChart").asBoolean(), name + " is a Chart.js chart");
            assertTrue(c.get("width").asDouble() > 200 && c.get("height").asDouble() > 200, name + " has a size");
            JsonNode px = c.get("pixels");
            if (c.get("chart").asText().equals("predictions")) {
                assertTrue(px.get("prediction").asInt() > 200, name + " drew its predictions: " + px);
                assertTrue(px.get("target").asInt() > 200, name + " drew its targets: " + px);
            } else {
                assertTrue(px.get("error").asInt() > 100, name + " drew its error: " + px);
            }
        }
        // all keys' error; then per key, busiest first, its predictions and its error
        assertEquals(
                List.of(
                        "error all",
                        "predictions 0",
                        "error 0",
                        "predictions 1",
                        "error 1",
                        "predictions 2",
                        "error 2",
                        "predictions 3",
                        "error 3"),
                charts);

        Path png = Files.createDirectories(KEPT).resolve("backtest-report.png");
        assertNoConsoleErrors(
                chromium.screenshot(report, WIDTH, probe.get("height").asInt(), png)
                        .err());
        Files.copy(report, KEPT.resolve("backtest-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage shot = ImageIO.read(png.toFile());
        for (JsonNode c : probe.get("charts")) {
            String name = c.get("chart").asText() + " " + c.get("key").asText();
            int[] series =
                    c.get("chart").asText().equals("predictions") ? new int[] {31, 119, 180} : new int[] {214, 39, 40};
            int[] counts = pixels(shot, c, series);
            double area = c.get("width").asDouble() * c.get("height").asDouble();
            assertTrue(counts[0] > area * 0.02, name + ": " + counts[0] + " non-white pixels in the screenshot");
            assertTrue(counts[1] > 100, name + ": " + counts[1] + " pixels of its line's colour in the screenshot");
        }
    }

    /** Pixels inside the chart's box that are not the white background, and those of the series' colour. */
    private static int[] pixels(BufferedImage shot, JsonNode c, int[] rgb) {
        int x0 = (int) Math.ceil(c.get("x").asDouble());
        int y0 = (int) Math.ceil(c.get("y").asDouble());
        int x1 = Math.min(
                shot.getWidth(), (int) (c.get("x").asDouble() + c.get("width").asDouble()));
        int y1 = Math.min(
                shot.getHeight(), (int) (c.get("y").asDouble() + c.get("height").asDouble()));
        assertTrue(x1 > x0 && y1 > y0, "the chart is inside the screenshot: " + c);
        int drawn = 0;
        int series = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = shot.getRGB(x, y) & 0xffffff;
                int r = p >> 16;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                drawn += p == 0xffffff ? 0 : 1;
                series += Math.abs(r - rgb[0]) + Math.abs(g - rgb[1]) + Math.abs(b - rgb[2]) < 30 ? 1 : 0;
            }
        }
        return new int[] {drawn, series};
    }

    /** Chromium logs the page's uncaught errors and console messages to stderr with --enable-logging. */
    private static void assertNoConsoleErrors(String stderr) throws IOException {
        for (String line : stderr.split("\n")) {
            assertTrue(!line.contains("Uncaught") && !line.contains(":CONSOLE("), "the page logged: " + line);
        }
    }
}
