package lstmjob.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lstmjob.codec.InputDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's HTML: self-contained, its tables and notes, key names shown as text. */
class ReportHtmlTest {

    private static final String ODD_KEY = "<b>k</b>&\"'";

    private static String report(Path dir, int keys) throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.write(
                input,
                List.of(
                        "{\"key\":\"a\",\"x\":[1],\"target\":1}",
                        "{\"key\":\"a\",\"x\":[0],\"target\":1}",
                        "{\"key\":\"" + ODD_KEY.replace("\"", "\\\"") + "\",\"x\":[1],\"target\":3}",
                        "{\"key\":\"c\",\"x\":[1,1]}"),
                StandardCharsets.UTF_8);
        Path html = dir.resolve("report.html");
        BacktestReport r = new BacktestReport(new ReportSettings(html, keys, 0));
        r.acceptOutput("{\"type\":\"prediction\",\"key\":\"a\",\"step\":1,\"y\":[1.5]}");
        r.acceptOutput("{\"type\":\"prediction\",\"key\":\"a\",\"step\":2,\"y\":[0.5]}");
        r.acceptOutput(
                "{\"type\":\"prediction\",\"key\":\"" + ODD_KEY.replace("\"", "\\\"") + "\",\"step\":1,\"y\":[1.0]}");
        r.acceptDeadLetter("{\"error\":\"x has 2 features, the model expects 1\",\"raw\":\"{\\\"key\\\":\\\"c\\\","
                + "\\\"x\\\":[1,1]}\",\"source\":\"in.jsonl:4\"}");
        r.write(input, "in.jsonl", "model.keras", new InputDecoder(1));
        return Files.readString(html, StandardCharsets.UTF_8);
    }

    @Test
    void loadsNothingFromTheNetwork(@TempDir Path dir) throws IOException {
        String html = report(dir, 12);
        Matcher ref = Pattern.compile("(?i)\\b(src|href|action|srcset|data)\\s*=\\s*[\"']?\\s*(https?:)?//")
                .matcher(html);
        assertFalse(ref.find(), () -> "a reference to another resource: " + ref.group());
        assertFalse(Pattern.compile("(?i)<script[^>]*\\bsrc\\s*=").matcher(html).find(), "every script is inline");
        String markup = html.replaceAll("(?s)<script[^>]*>.*?</script>", "<script></script>");
        assertFalse(
                Pattern.compile("(?i)<link\\b|@import|url\\(").matcher(markup).find(), "every style is inline");
        assertTrue(html.contains("Chart.js v4"), "the chart library is inlined");
        assertEquals(3, count(html, "<script"), "the library, the data, the page's script");
        assertEquals(3, count(html, "</script"), "no script element is ended early");
        assertFalse(html.contains("sourceMappingURL"), "no source map to fetch");
    }

    @Test
    void summarizesEveryKeyAndScoresTheTargets(@TempDir Path dir) throws IOException {
        String html = report(dir, 12);
        // a: errors 0.5, -0.5 → MAE 0.5, RMSE 0.5; odd key: error -2; all: |e| 0.5, 0.5, 2 → MAE 1, RMSE sqrt(1.5)
        assertTrue(
                html.contains("<tr><td><code>a</code></td><td>2</td><td>0</td><td>0</td><td>0.5000</td>"
                        + "<td>0.5000</td></tr>"),
                html);
        assertTrue(
                html.contains("<tr><td>all keys</td><td>3</td><td>0</td><td>1</td><td>1.000</td><td>1.225</td>"), html);
        assertTrue(
                html.contains("<tr><td><code>c</code></td><td>0</td><td>0</td><td>1</td>"),
                "a key seen only in the dead letters has its row");
        assertTrue(
                html.contains("<tr><td>x has 2 features, the model expects 1</td><td>1</td></tr>"),
                "dead letters by reason");
        assertEquals(2, count(html, "data-chart=\"predictions\""), "one prediction chart per key with predictions");
        assertEquals(3, count(html, "data-chart=\"error\""), "an error chart per key with targets, and all keys'");
    }

    @Test
    void keyNamesAreText(@TempDir Path dir) throws IOException {
        String html = report(dir, 12);
        assertFalse(html.contains("<b>k</b>"), "the key is not markup");
        assertTrue(html.contains("<code>&lt;b&gt;k&lt;/b&gt;&amp;&quot;&#39;</code>"), html);
        assertTrue(html.contains("\\u003cb>k\\u003c/b>"), "in the chart data too, no '<' that could end the script");
    }

    @Test
    void namesTheKeysLeftOut(@TempDir Path dir) throws IOException {
        String html = report(dir, 1);
        assertTrue(
                html.contains("Charted: the 1 busiest keys (--report-keys). Not charted: "
                        + "<code>&lt;b&gt;k&lt;/b&gt;&amp;&quot;&#39;</code>, <code>c</code>."),
                html);
        assertTrue(html.contains("<tr><td>the other 2 keys</td><td>1</td><td>0</td><td>1</td>"), html);
        assertEquals(1, count(html, "data-chart=\"predictions\""));
    }

    @Test
    void withoutTargetsSaysSoAndScoresNothing(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "{\"key\":\"a\",\"x\":[1]}\n", StandardCharsets.UTF_8);
        Path html = dir.resolve("r.html");
        BacktestReport r = new BacktestReport(new ReportSettings(html, 12, 0));
        r.acceptOutput("{\"type\":\"prediction\",\"key\":\"a\",\"step\":1,\"y\":[1.5]}");
        r.write(input, "in.jsonl", "model.keras", new InputDecoder(1));
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("none: no input record carries a <code>target</code>"), page);
        assertFalse(page.contains("<th>MAE</th>"), page);
        assertEquals(0, count(page, "data-chart=\"error\""));
        assertEquals(1, count(page, "data-chart=\"predictions\""));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
