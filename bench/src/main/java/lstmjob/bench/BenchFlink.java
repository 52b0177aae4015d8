package lstmjob.bench;

import java.nio.file.Path;
import java.util.Map;
import lstmjob.config.JobConfig;
import lstmjob.pipeline.Environments;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink configuration and environment of a bench job: the job's own ({@link Environments}), local files here. */
final class BenchFlink {

    private BenchFlink() {}

    /**
     * {@link Environments#configuration} (local) for {@code c}, with Flink's temporary files (RocksDB's too) under
     * {@code work}, then {@code overrides} (Flink keys, e.g. {@code state.backend.rocksdb.use-bloom-filter}).
     */
    static Configuration configuration(JobConfig c, Path work, Map<String, String> overrides) {
        Configuration conf = Environments.configuration(c, true);
        // every file the MiniCluster writes goes under the bench's directory, which is deleted at the end
        conf.set(CoreOptions.TMP_DIRS, work.resolve("flink-tmp").toString());
        conf.set(WebOptions.TMP_DIR, work.resolve("flink-web").toString());
        conf.set(WebOptions.UPLOAD_DIR, work.resolve("flink-web-upload").toString());
        conf.addAll(Configuration.fromMap(overrides));
        return conf;
    }

    static StreamExecutionEnvironment environment(JobConfig c, Configuration conf) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        Environments.apply(env, c);
        return env;
    }
}
