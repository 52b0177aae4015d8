package lstmjob.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that drops its records and counts them in a counter this JVM can read while the job runs. The bench's
 * MiniCluster runs in the same JVM and loads this class from the same class loader, so the counter is shared.
 */
final class CountingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();

    private final String name;

    private CountingSink(String name) {
        this.name = name;
    }

    /** A sink counting into {@link #count(String) count(name)}, from zero. */
    static <T> CountingSink<T> named(String name) {
        COUNTERS.put(name, new AtomicLong());
        return new CountingSink<>(name);
    }

    static long count(String name) {
        AtomicLong c = COUNTERS.get(name);
        return c == null ? 0 : c.get();
    }

    static void forget(String name) {
        COUNTERS.remove(name);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        AtomicLong counter = COUNTERS.computeIfAbsent(name, n -> new AtomicLong());
        return new SinkWriter<>() {
            // counted locally and published every 1024 records: an atomic add per record would be measured too
            private long pending;

            @Override
            public void write(T element, Context ctx) {
                if (++pending == 1024) {
                    counter.addAndGet(pending);
                    pending = 0;
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                counter.addAndGet(pending);
                pending = 0;
            }

            @Override
            public void close() {
                counter.addAndGet(pending);
                pending = 0;
            }
        };
    }
}
