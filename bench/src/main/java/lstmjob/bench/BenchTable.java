package lstmjob.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench report as one plain-text table for people, with its context above and notes below. */
public final class BenchTable {

    private static final String[] HEADERS = {"what", "setting", "result", "unit", "vs no-model job"};

    private BenchTable() {}

    public static String render(BenchReport report) {
        StringBuilder sb = new StringBuilder();
        int keyWidth = report.context().keySet().stream()
                .mapToInt(String::length)
                .max()
                .orElse(0);
        for (Map.Entry<String, String> e : report.context().entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-" + keyWidth + "s  %s%n", e.getKey(), e.getValue()));
        }
        sb.append('\n');
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (BenchRow r : report.rows()) {
            cells.add(new String[] {
                r.what(),
                r.setting(),
                number(r.result()),
                r.unit(),
                r.hasRatio() ? String.format(Locale.ROOT, "%.2f", r.vsNoModel()) : ""
            });
        }
        int[] width = new int[HEADERS.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int n = 0; n < cells.size(); n++) {
            String[] row = cells.get(n);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // numbers right-aligned, words left-aligned
                String format = i == 2 || i == 4 ? "%" + width[i] + "s" : "%-" + width[i] + "s";
                line.append(String.format(Locale.ROOT, format, row[i])).append(i + 1 < row.length ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (n == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        if (!report.notes().isEmpty()) {
            sb.append('\n');
            for (String note : report.notes()) {
                sb.append("note: ").append(note).append('\n');
            }
        }
        return sb.toString();
    }

    /** A result with as many digits as it needs: 1,234,567 / 812.3 / 4.56 / 0.123; whole numbers as such. */
    static String number(double v) {
        double a = Math.abs(v);
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (a >= 10_000 || (v == Math.rint(v) && a < 1e15)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
