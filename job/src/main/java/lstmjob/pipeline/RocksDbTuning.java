package lstmjob.pipeline;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.rocksdb.CompressionType;

/**
 * RocksDB options for this job's state: one small value per key (the recurrent state, a few hundred bytes of
 * float32), read and rewritten on every record, looked up by exact key. Measured with {@code bench} (see
 * docs/performance.md); each option says why. Also the one RocksDB metric the job reports, the keys held.
 */
public final class RocksDbTuning {

    /** The options and their values; a value the configuration already has is kept. */
    public static final Map<ConfigOption<?>, Object> OPTIONS = Map.of(
            // Every read is a point lookup of one key. A bloom filter per SST file lets a lookup skip the files
            // that do not hold the key instead of searching each one's index and data block.
            RocksDBConfigurableOptions.USE_BLOOM_FILTER, true,
            // The values are float32 state vectors, which do not compress: Snappy only costs CPU on every flush,
            // compaction and block read.
            RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.NO_COMPRESSION),
            // The keys held, as a metric: RocksDB's own estimate, read by the metrics thread, free on the data path.
            RocksDBNativeMetricOptions.ESTIMATE_NUM_KEYS, true);

    private RocksDbTuning() {}

    /** Sets {@link #OPTIONS} in {@code conf}, keeping any of them it already sets. */
    public static Configuration apply(Configuration conf) {
        OPTIONS.forEach((option, value) -> setIfAbsent(conf, option, value));
        return conf;
    }

    @SuppressWarnings("unchecked")
    private static <T> void setIfAbsent(Configuration conf, ConfigOption<T> option, Object value) {
        if (!conf.contains(option)) {
            conf.set(option, (T) value);
        }
    }
}
