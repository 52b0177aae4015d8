package lstmjob.report;

/** Mean absolute and root mean square error of predictions against targets, accumulated one pair at a time. */
final class ErrorStats {

    private long count;
    private double sumAbs;
    private double sumSquares;

    void add(double prediction, double target) {
        double e = prediction - target;
        count++;
        sumAbs += Math.abs(e);
        sumSquares += e * e;
    }

    void addAll(ErrorStats other) {
        count += other.count;
        sumAbs += other.sumAbs;
        sumSquares += other.sumSquares;
    }

    long count() {
        return count;
    }

    /** NaN when no pair was added. */
    double mae() {
        return count == 0 ? Double.NaN : sumAbs / count;
    }

    /** NaN when no pair was added. */
    double rmse() {
        return count == 0 ? Double.NaN : Math.sqrt(sumSquares / count);
    }
}
