package lstmjob.pipeline;

import lstmjob.cli.JobConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink environment every job runs in: state backend, checkpoints, parallelism. */
public final class Environments {

    /** Fixed, so that keyed state can be rescaled between savepoints (up to 128 subtasks). */
    public static final int MAX_PARALLELISM = 128;

    private Environments() {
    }

    public static Configuration configuration(JobConfig c) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, c.rocksdb() ? "rocksdb" : "hashmap");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, c.rocksdb());
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.checkpointDir());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        return conf;
    }

    public static StreamExecutionEnvironment create(JobConfig c) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(c));
        apply(env, c);
        return env;
    }

    /** Parallelism and checkpointing, which are set on the environment rather than in its configuration. */
    public static void apply(StreamExecutionEnvironment env, JobConfig c) {
        env.setParallelism(c.parallelism());
        env.setMaxParallelism(MAX_PARALLELISM);
        env.enableCheckpointing(c.checkpointInterval().toMillis(),
                c.exactlyOnce() ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
    }
}
