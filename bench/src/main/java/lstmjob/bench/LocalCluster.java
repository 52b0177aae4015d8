package lstmjob.bench;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster in this JVM with one TaskManager, as a local {@code run} gets (the same configuration as
 * Flink's per-job local executor), but owned here: {@link #close()} stops it before returning, so that a bench
 * leaves no cluster behind and the next measurement does not share the machine with a closing one.
 */
final class LocalCluster implements AutoCloseable {

    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);

    private final MiniCluster cluster;

    private LocalCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    static LocalCluster start(Configuration conf, int slots) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .withRandomPorts()
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new LocalCluster(cluster);
    }

    /** Submits the job built on {@code env}. */
    JobID submit(StreamExecutionEnvironment env, String name) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        return cluster.submitJob(graph)
                .get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getJobID();
    }

    /** Fails with the job's own error when it has failed or ended; used while waiting on a running job. */
    void requireRunning(JobID job) throws Exception {
        JobStatus status = cluster.getJobStatus(job).get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (status.isGloballyTerminalState()) {
            JobResult result = cluster.requestJobResult(job).get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Throwable why = result.getSerializedThrowable()
                    .map(t -> t.deserializeError(LocalCluster.class.getClassLoader()))
                    .orElse(null);
            throw new IllegalStateException(
                    "the bench job " + status.name().toLowerCase() + (why == null ? "" : ": " + rootMessage(why)), why);
        }
    }

    /** Cancels the job and waits until it has stopped. */
    void cancel(JobID job) throws InterruptedException, ExecutionException, TimeoutException {
        JobStatus status = cluster.getJobStatus(job).get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!status.isGloballyTerminalState()) {
            cluster.cancelJob(job).get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        cluster.requestJobResult(job).get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (caused by " + root + ")";
    }
}
