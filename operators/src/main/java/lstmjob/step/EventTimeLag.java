package lstmjob.step;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.Gauge;

/**
 * How far the records' event time is behind the clock: now minus the {@code ts} of the last record applied that
 * carried one, in ms when {@code ts} is epoch milliseconds; -1 until such a record was applied. The step thread
 * writes, the metrics thread reads.
 */
public final class EventTimeLag implements Gauge<Long> {

    static final long NONE = Long.MIN_VALUE;

    private final LongSupplier clock;
    private volatile long lastTs = NONE;

    public EventTimeLag(LongSupplier clock) {
        this.clock = clock;
    }

    /** A record with this {@code ts} was applied. */
    public void applied(long ts) {
        lastTs = ts;
    }

    @Override
    public Long getValue() {
        long ts = lastTs;
        return ts == NONE ? -1 : clock.getAsLong() - ts;
    }
}
