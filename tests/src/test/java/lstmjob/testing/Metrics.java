package lstmjob.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Reads the job's Flink metrics in a MiniCluster test. */
public final class Metrics {

    private Metrics() {}

    /** Sums a counter over all subtasks, waiting until it reaches the value (metrics lag the outputs a little). */
    public static void awaitCount(InMemoryReporter reporter, JobID job, String metric, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long sum;
        do {
            // findMetrics matches substrings (Kafka's client metrics name topics too): keep our counters only
            sum = reporter.findMetrics(job, metric).entrySet().stream()
                    .filter(e -> e.getKey().endsWith("." + metric) && e.getValue() instanceof Counter)
                    .mapToLong(e -> ((Counter) e.getValue()).getCount())
                    .sum();
            if (sum == expected) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, sum, "metric " + metric);
    }
}
