package lstmjob.report;

import java.util.Map;
import java.util.TreeMap;

/** The error at each step since reset (the contract's {@code step}), over every sequence added. */
final class ErrorByStep {

    private final TreeMap<Long, ErrorStats> byStep = new TreeMap<>();

    void add(long step, double prediction, double target) {
        byStep.computeIfAbsent(step, s -> new ErrorStats()).add(prediction, target);
    }

    void addAll(ErrorByStep other) {
        for (Map.Entry<Long, ErrorStats> e : other.byStep.entrySet()) {
            byStep.computeIfAbsent(e.getKey(), s -> new ErrorStats()).addAll(e.getValue());
        }
    }

    boolean isEmpty() {
        return byStep.isEmpty();
    }

    /** The steps in ascending order. */
    long[] steps() {
        return byStep.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** The mean absolute error at each of {@link #steps()}. */
    double[] mae() {
        return byStep.values().stream().mapToDouble(ErrorStats::mae).toArray();
    }
}
