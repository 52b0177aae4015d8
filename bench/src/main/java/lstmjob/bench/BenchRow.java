package lstmjob.bench;

/**
 * One line of the bench table.
 *
 * @param what      the part measured, e.g. "operator"
 * @param setting   how it was measured, e.g. "rocksdb state, 100,000 keys"
 * @param result    the measured value
 * @param unit      e.g. "records/s"
 * @param vsNoModel the result as a ratio to the same figure of the no-model job of the same shape; NaN for none
 */
public record BenchRow(String what, String setting, double result, String unit, double vsNoModel) {

    public static BenchRow of(String what, String setting, double result, String unit) {
        return new BenchRow(what, setting, result, unit, Double.NaN);
    }

    /** This row as a ratio to {@code noModel}'s result. */
    public BenchRow versus(BenchRow noModel) {
        return new BenchRow(what, setting, result, unit, result / noModel.result());
    }

    public boolean hasRatio() {
        return !Double.isNaN(vsNoModel);
    }
}
