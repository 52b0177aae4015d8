package lstmjob.bench;

/**
 * One line of the bench table.
 *
 * @param what    the part measured, e.g. "operator"
 * @param setting how it was measured, e.g. "rocksdb state, 100,000 keys"
 * @param result  the measured value
 * @param unit    e.g. "records/s"
 */
public record BenchRow(String what, String setting, double result, String unit) {

    public static BenchRow of(String what, String setting, double result, String unit) {
        return new BenchRow(what, setting, result, unit);
    }
}
