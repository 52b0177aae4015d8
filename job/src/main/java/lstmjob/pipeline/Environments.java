package lstmjob.pipeline;

import lstmjob.config.JobConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink environment every job runs in: state backend, checkpoints, parallelism. */
public final class Environments {

    /** Fixed, so that keyed state can be rescaled between savepoints (up to 128 subtasks). */
    public static final int MAX_PARALLELISM = 128;

    private Environments() {}

    /**
     * The job's Flink settings. Parallelism and the checkpoint directory are set only when given, so that on a
     * cluster {@code flink run -p} and the cluster's {@code execution.checkpointing.dir} apply.
     *
     * @param local a local run (java -jar), which gets a checkpoint directory of its own when none is given
     */
    public static Configuration configuration(JobConfig c, boolean local) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every record type has Flink's own serializer, never Kryo
        conf.set(StateBackendOptions.STATE_BACKEND, c.rocksdb() ? "rocksdb" : "hashmap");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, c.rocksdb());
        String dir = c.checkpointDir() != null ? c.checkpointDir() : local ? JobConfig.LOCAL_CHECKPOINT_DIR : null;
        if (dir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        }
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (c.rocksdb()) {
            RocksDbTuning.apply(conf);
        }
        return conf;
    }

    public static StreamExecutionEnvironment create(JobConfig c) {
        boolean local = StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(c, local));
        apply(env, c);
        return env;
    }

    /** Parallelism and checkpointing, which are set on the environment rather than in its configuration. */
    public static void apply(StreamExecutionEnvironment env, JobConfig c) {
        if (c.parallelism() != null) {
            env.setParallelism(c.parallelism());
        }
        env.setMaxParallelism(MAX_PARALLELISM);
        env.enableCheckpointing(
                c.checkpointInterval().toMillis(),
                c.exactlyOnce() ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
    }
}
