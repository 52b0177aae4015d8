package lstmjob.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bench} found: the context (machine, JVM, model, settings) and the rows, in the order measured.
 *
 * @param context name → value, e.g. "cpu" → "Intel(R) Xeon(R) ..., 2 cores"; printed above the table
 * @param notes   remarks printed under the table (e.g. the machine was busy)
 */
public record BenchReport(Map<String, String> context, List<BenchRow> rows, List<String> notes) {

    public BenchReport {
        context = new LinkedHashMap<>(context);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }
}
