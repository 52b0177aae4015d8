package lstmjob.report;

import java.nio.file.Path;

/**
 * What {@code replay --report} writes: the HTML file, how many keys it charts (the busiest), and which output
 * dimension (index into {@code y}) it plots and scores against the targets.
 */
public record ReportSettings(Path file, int keys, int output) {

    public static final int DEFAULT_KEYS = 12;
}
