package lstmjob.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report as one HTML page: the summary tables written out, the charts drawn by Chart.js (inlined, as are
 * the page's own style, script and data), so that the file opens anywhere without network access.
 */
final class ReportPage {

    /** Names of keys left out of the charts that the page lists; past this, it gives their number. */
    static final int MAX_LISTED = 1000;

    private final StringBuilder html = new StringBuilder(1 << 16);
    private final ReportSettings settings;
    private final ReplayOutputs outputs;
    private final DeadLetterCounts deadLetters;
    private final InputSteps inputs;
    private final KeyRanking ranking;
    private final boolean scored;

    ReportPage(
            ReportSettings settings,
            ReplayOutputs outputs,
            DeadLetterCounts deadLetters,
            InputSteps inputs,
            KeyRanking ranking) {
        this.settings = settings;
        this.outputs = outputs;
        this.deadLetters = deadLetters;
        this.inputs = inputs;
        this.ranking = ranking;
        this.scored = inputs.targets() > 0;
    }

    String render(String modelName, String inputName) throws IOException {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Backtest report: ")
                .append(escape(inputName))
                .append("</title>\n")
                .append("<style>\n")
                .append(resource("report.css"))
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>Backtest report</h1>\n<p class=\"meta\">model <code>")
                .append(escape(modelName))
                .append("</code> · input <code>")
                .append(escape(inputName))
                .append("</code> · plotted output <code>y[")
                .append(settings.output())
                .append("]</code></p>\n");
        summary();
        keyTable();
        deadLetterTable();
        notes();
        List<ChartData.Key> charted = charts();
        html.append("<footer>Charts drawn with Chart.js ")
                .append(escape(ChartLibrary.version()))
                .append(" (MIT License), inlined.</footer>\n")
                .append("<script>\n")
                .append(ChartLibrary.script())
                .append("\n</script>\n")
                .append("<script type=\"application/json\" id=\"report-data\">")
                .append(ChartData.json(
                        new ChartData.Data(settings.output(), ChartData.ErrorCurve.of(errorByStep()), charted)))
                .append("</script>\n<script>\n")
                .append(resource("report.js"))
                .append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private void summary() {
        long steps =
                outputs.byKey().values().stream().mapToLong(KeySeries::size).sum();
        ErrorStats all = errors(outputs.byKey().keySet());
        html.append("<h2>Summary</h2>\n<table class=\"totals\">\n");
        row("keys", String.valueOf(ranking.shown().size() + ranking.leftOut().size()));
        row("timesteps predicted", String.valueOf(steps));
        row("resets", counts(outputs.resetsByReason()));
        row("dead letters", String.valueOf(deadLetters.total()));
        if (scored) {
            row("timesteps with a target", String.valueOf(all.count()));
            row("MAE", number(all.mae()));
            row("RMSE", number(all.rmse()));
        } else {
            row("targets", "none: no input record carries a <code>target</code>");
        }
        html.append("</table>\n");
    }

    private void row(String name, String value) {
        html.append("<tr><th>").append(name).append("</th><td>").append(value).append("</td></tr>\n");
    }

    /** Per charted key, then the keys left out together, then all keys. */
    private void keyTable() {
        html.append("<h2>Keys</h2>\n<table class=\"keys\">\n<tr><th>key</th><th>steps</th><th>resets</th>")
                .append("<th>dead letters</th>")
                .append(scored ? "<th>MAE</th><th>RMSE</th>" : "")
                .append("</tr>\n");
        for (String key : ranking.shown()) {
            keyRow("<code>" + escape(key) + "</code>", List.of(key));
        }
        if (!ranking.leftOut().isEmpty()) {
            keyRow("the other " + ranking.leftOut().size() + " keys", ranking.leftOut());
        }
        List<String> all = new ArrayList<>(ranking.shown());
        all.addAll(ranking.leftOut());
        keyRow("all keys", all);
        html.append("</table>\n");
    }

    private void keyRow(String label, List<String> keys) {
        long steps = 0;
        long resets = 0;
        long dead = 0;
        for (String k : keys) {
            KeySeries s = outputs.byKey().get(k);
            steps += s == null ? 0 : s.size();
            resets += s == null ? 0 : s.resets();
            dead += deadLetters.ofKey(k);
        }
        html.append("<tr><td>")
                .append(label)
                .append("</td><td>")
                .append(steps)
                .append("</td><td>")
                .append(resets)
                .append("</td><td>")
                .append(dead)
                .append("</td>");
        if (scored) {
            ErrorStats e = errors(keys);
            html.append("<td>")
                    .append(number(e.mae()))
                    .append("</td><td>")
                    .append(number(e.rmse()))
                    .append("</td>");
        }
        html.append("</tr>\n");
    }

    private void deadLetterTable() {
        if (deadLetters.total() == 0) {
            return;
        }
        html.append("<h2>Dead letters by reason</h2>\n<table class=\"dead-letters\">\n")
                .append("<tr><th>reason</th><th>records</th></tr>\n");
        deadLetters.byReason().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> html.append("<tr><td>")
                        .append(escape(e.getKey()))
                        .append("</td><td>")
                        .append(e.getValue())
                        .append("</td></tr>\n"));
        html.append("</table>\n");
    }

    private void notes() {
        List<String> notes = new ArrayList<>();
        if (!ranking.leftOut().isEmpty()) {
            List<String> listed = ranking.leftOut()
                    .subList(0, Math.min(MAX_LISTED, ranking.leftOut().size()));
            notes.add("Charted: the " + ranking.shown().size() + " busiest keys (--report-keys). Not charted: "
                    + listed.stream().map(k -> "<code>" + escape(k) + "</code>").collect(Collectors.joining(", "))
                    + (listed.size() < ranking.leftOut().size()
                            ? " and " + (ranking.leftOut().size() - listed.size()) + " more."
                            : "."));
        }
        if (inputs.badTargets() > 0) {
            notes.add(inputs.badTargets() + " input records have a target the report could not use (their "
                    + "predictions are plotted without one): "
                    + inputs.targetProblems().stream().map(ReportPage::escape).collect(Collectors.joining("; "))
                    + (inputs.badTargets() > inputs.targetProblems().size() ? "; ..." : ""));
        }
        if (notes.isEmpty()) {
            return;
        }
        html.append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
        notes.forEach(n -> html.append("<li>").append(n).append("</li>\n"));
        html.append("</ul>\n");
    }

    /** The sections with canvases; the page's script draws into them from the data returned. */
    private List<ChartData.Key> charts() {
        if (scored) {
            html.append("<h2>Error by step since reset, all keys</h2>\n<div class=\"chart\">")
                    .append("<canvas data-chart=\"error\" data-key=\"all\"></canvas></div>\n");
        }
        List<ChartData.Key> charted = new ArrayList<>();
        for (String key : ranking.shown()) {
            KeySeries s = outputs.byKey().get(key);
            if (s == null || s.size() == 0) {
                continue;
            }
            ChartData.Key data = ChartData.Key.of(s);
            int i = charted.size();
            charted.add(data);
            html.append("<section class=\"key\">\n<h2>key <code>")
                    .append(escape(key))
                    .append("</code></h2>\n")
                    .append("<div class=\"charts\">\n<div class=\"chart wide\"><canvas data-chart=\"predictions\" ")
                    .append("data-key=\"")
                    .append(i)
                    .append("\"></canvas></div>\n");
            if (data.error() != null) {
                html.append("<div class=\"chart\"><canvas data-chart=\"error\" data-key=\"")
                        .append(i)
                        .append("\"></canvas></div>\n");
            }
            html.append("</div>\n</section>\n");
        }
        return charted;
    }

    private ErrorStats errors(Iterable<String> keys) {
        ErrorStats e = new ErrorStats();
        for (String k : keys) {
            KeySeries s = outputs.byKey().get(k);
            if (s != null) {
                e.addAll(s.errors());
            }
        }
        return e;
    }

    private ErrorByStep errorByStep() {
        ErrorByStep e = new ErrorByStep();
        outputs.byKey().values().forEach(s -> e.addAll(s.errorByStep()));
        return e;
    }

    private static String counts(Map<String, Long> byName) {
        long total = byName.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "0";
        }
        return total + " ("
                + byName.entrySet().stream()
                        .map(e -> escape(e.getKey()) + " " + e.getValue())
                        .collect(Collectors.joining(", "))
                + ")";
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing from the classpath: lstmjob/report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
