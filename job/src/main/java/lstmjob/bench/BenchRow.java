package lstmjob.bench;

/**
 * One line of the bench table.
 *
 * @param what    the part measured, e.g. "operator"
 * @param setting how it was measured, e.g. "rocksdb state, 100,000 keys"
 * @param result  the measured value
 * @param unit    e.g. "records/s"
 * @param target  the goal that applies to this row, or null
 */
public record BenchRow(String what, String setting, double result, String unit, Target target) {

    public static BenchRow of(String what, String setting, double result, String unit) {
        return new BenchRow(what, setting, result, unit, null);
    }

    public BenchRow withTarget(Target t) {
        return new BenchRow(what, setting, result, unit, t);
    }
}
