package lstmjob.step;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;

/** What the step operator counts, as Flink metrics of the operator (or plain counters outside Flink). */
public record StepCounters(Counter predictions, Counter resets, Counter replaysDropped, Counter burnInSteps,
                           Counter expired) {

    public static StepCounters unregistered() {
        return new StepCounters(new SimpleCounter(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter(),
                new SimpleCounter());
    }

    public static StepCounters registeredIn(MetricGroup g) {
        return new StepCounters(g.counter("predictions"), g.counter("resets"), g.counter("replaysDropped"),
                g.counter("burnInSteps"), g.counter("expired"));
    }
}
