package lstmjob.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rescaling mid-stream as an operator does it: {@code bin/flink stop --savepointPath} at parallelism 1, resume
 * from the savepoint at 2 ({@code bin/flink run -s SAVEPOINT ... --parallelism 2}), stop again, resume at 3, while
 * samples keep arriving: every key's predictions continue exactly as if the job had never stopped.
 */
@Tag("cluster")
@ExtendWith(LocalCluster.Extension.class)
class RescaleIT {

    @Test
    void stopWithSavepointAndResumeAtTwoThenThree(LocalCluster cluster) throws Exception {
        Workload workload = new Workload(Workload.defaultModel(), 300, 60, 7L);
        ClusterJob job = new ClusterJob(cluster.kafka, cluster.flink, "rescale", workload.modelFile).createTopics();
        LocalFlink flink = cluster.flink;
        flink.ensureTaskManagers(2); // 2 slots each: room for parallelism 3

        String jobId = job.submit(1, null);
        try (SteadyProducer producer =
                new SteadyProducer(cluster.kafka.bootstrap(), job.samplesTopic(), workload, 300)) {
            flink.awaitRunning(jobId, Duration.ofMinutes(2));
            producer.start();
            long committedBefore = 0;
            double[] stopAt = {0.25, 0.6};
            int[] nextParallelism = {2, 3};
            for (int i = 0; i < stopAt.length; i++) {
                producer.awaitProgress(stopAt[i], Duration.ofMinutes(2));
                // this job has committed predictions of its own before it is stopped
                long since = committedBefore;
                LocalFlink.await(
                        "predictions committed by job " + jobId,
                        Duration.ofMinutes(1),
                        () -> Predictions.committedEnd(cluster.kafka.bootstrap(), job.predictionsTopic()),
                        end -> end > since);
                String savepoint = flink.stopWithSavepoint(jobId);
                committedBefore = Predictions.committedEnd(cluster.kafka.bootstrap(), job.predictionsTopic());
                jobId = job.submit(nextParallelism[i], savepoint);
                flink.awaitRunning(jobId, Duration.ofMinutes(2));
                for (int p : flink.parallelism(jobId).values()) {
                    assertEquals(
                            nextParallelism[i],
                            p,
                            "every operator runs at the new parallelism: " + flink.parallelism(jobId));
                }
                cluster.scripts.note("resumed from " + savepoint + " at parallelism " + nextParallelism[i]);
            }
            producer.awaitAllAcknowledged(Duration.ofMinutes(2));
            List<String> outputs = Predictions.readCommitted(
                    cluster.kafka.bootstrap(),
                    job.predictionsTopic(),
                    workload.size(),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(4));
            Predictions.assertExactlyOnce(workload, outputs);
        } finally {
            flink.cancelAtEnd(jobId);
        }
    }
}
