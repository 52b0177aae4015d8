package lstmjob.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A TaskManager process is killed with SIGKILL twice while 100,000 samples over 1,000 keys stream in, and a new
 * one is started each time ({@code bin/flink-local kill-taskmanager I}, {@code add-taskmanager}): the job
 * recovers from its last checkpoint each time, and a read_committed reader sees every prediction exactly once,
 * equal to the uninterrupted output.
 */
@Tag("cluster")
@ExtendWith(LocalCluster.Extension.class)
class TaskManagerFailureIT {

    static final int KEYS = 1_000;
    static final int STEPS = 100;
    static final int SAMPLES_PER_SECOND = 2_500;

    @Test
    void killedTaskManagersLoseNothingAndDoubleNothing(LocalCluster cluster) throws Exception {
        Workload workload = new Workload(Workload.defaultModel(), KEYS, STEPS, 20261122L);
        ClusterJob job = new ClusterJob(cluster.kafka, cluster.flink, "failure", workload.modelFile).createTopics();
        LocalFlink flink = cluster.flink;
        flink.ensureTaskManagers(1);

        String jobId = job.submit(2, null);
        try (SteadyProducer producer =
                new SteadyProducer(cluster.kafka.bootstrap(), job.samplesTopic(), workload, SAMPLES_PER_SECOND)) {
            flink.awaitRunning(jobId, Duration.ofMinutes(2));
            producer.start();

            for (double at : List.of(0.25, 0.6)) {
                producer.awaitProgress(at, Duration.ofMinutes(2));
                // a checkpoint taken since the last recovery, so that the kill loses work done since then
                flink.awaitCheckpointAfter(jobId, flink.completedCheckpoints(jobId), Duration.ofMinutes(1));
                Set<Integer> hosts = flink.taskManagersOf(jobId);
                assertTrue(!hosts.isEmpty(), "the job runs on some TaskManager");
                int victim = hosts.iterator().next();
                int failuresBefore = flink.failures(jobId);
                flink.killTaskManager(victim);
                flink.addTaskManager();
                LocalFlink.await(
                        "the job to notice the lost TaskManager",
                        Duration.ofMinutes(1),
                        () -> flink.failures(jobId),
                        n -> n > failuresBefore);
                flink.awaitRunning(jobId, Duration.ofMinutes(2));
                cluster.scripts.note("recovered from killing TaskManager " + victim + " at " + Math.round(at * 100)
                        + " % of the samples");
            }

            producer.awaitAllAcknowledged(Duration.ofMinutes(2));
            List<String> outputs = Predictions.readCommitted(
                    cluster.kafka.bootstrap(),
                    job.predictionsTopic(),
                    workload.size(),
                    Duration.ofMinutes(3),
                    Duration.ofSeconds(4));
            Predictions.assertExactlyOnce(workload, outputs);
            assertTrue(flink.failures(jobId) >= 2, "the job went through both TaskManager losses");
        } finally {
            flink.cancelAtEnd(jobId);
        }
    }
}
