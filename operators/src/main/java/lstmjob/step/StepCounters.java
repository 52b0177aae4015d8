package lstmjob.step;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * What the step operator counts and measures, as Flink metrics of the operator (or plain ones outside Flink).
 *
 * @param latencyMillis per sample record, ms from its decoding to its predictions
 * @param eventTimeLag  ms from the {@code ts} of the last record applied that had one to now
 * @param bundleRows    per bundled step of the model, how many keys it stepped together
 */
public record StepCounters(
        Counter predictions,
        Counter resets,
        Counter replaysDropped,
        Counter burnInSteps,
        Counter expired,
        Histogram latencyMillis,
        EventTimeLag eventTimeLag,
        Histogram bundleRows) {

    /** The values each histogram keeps for its quantiles (Flink's default window for its own histograms). */
    static final int HISTOGRAM_WINDOW = 10_000;

    public static StepCounters unregistered() {
        return new StepCounters(
                new SimpleCounter(),
                new SimpleCounter(),
                new SimpleCounter(),
                new SimpleCounter(),
                new SimpleCounter(),
                histogram(),
                new EventTimeLag(System::currentTimeMillis),
                histogram());
    }

    /** @param clock the operator's processing time, against which the event-time lag is measured */
    public static StepCounters registeredIn(MetricGroup g, LongSupplier clock) {
        return new StepCounters(
                g.counter("predictions"),
                g.counter("resets"),
                g.counter("replaysDropped"),
                g.counter("burnInSteps"),
                g.counter("expired"),
                g.histogram("predictionLatencyMs", histogram()),
                g.gauge("eventTimeLagMs", new EventTimeLag(clock)),
                g.histogram("bundleRows", histogram()));
    }

    private static Histogram histogram() {
        return new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    }
}
