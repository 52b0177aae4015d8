package lstmjob.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka broker process is stopped and started again ({@code bin/kafka-local stop}, {@code start}: same port,
 * same data) while samples stream in: the job rides it out or recovers from its last checkpoint, and a
 * read_committed reader sees every prediction exactly once, equal to the uninterrupted output.
 */
@Tag("cluster")
@ExtendWith(LocalCluster.Extension.class)
class BrokerRestartIT {

    @Test
    void brokerRestartLosesNothingAndDoublesNothing(LocalCluster cluster) throws Exception {
        Workload workload = new Workload(Workload.defaultModel(), 500, 60, 99L);
        ClusterJob job =
                new ClusterJob(cluster.kafka, cluster.flink, "broker-restart", workload.modelFile).createTopics();
        LocalFlink flink = cluster.flink;
        flink.ensureTaskManagers(1);

        String jobId = job.submit(2, null);
        try (SteadyProducer producer =
                new SteadyProducer(cluster.kafka.bootstrap(), job.samplesTopic(), workload, 500)) {
            flink.awaitRunning(jobId, Duration.ofMinutes(2));
            producer.start();
            producer.awaitProgress(0.35, Duration.ofMinutes(2));
            flink.awaitCheckpointAfter(jobId, flink.completedCheckpoints(jobId), Duration.ofMinutes(1));

            String before = cluster.kafka.bootstrap();
            cluster.kafka.stop();
            Thread.sleep(3_000); // down long enough for the job's Kafka clients and a checkpoint to notice
            String after = cluster.kafka.start();
            assertEquals(before, after, "the broker came back on the same port");

            producer.awaitAllAcknowledged(Duration.ofMinutes(3));
            flink.awaitRunning(jobId, Duration.ofMinutes(2));
            List<String> outputs = Predictions.readCommitted(
                    cluster.kafka.bootstrap(),
                    job.predictionsTopic(),
                    workload.size(),
                    Duration.ofMinutes(3),
                    Duration.ofSeconds(4));
            Predictions.assertExactlyOnce(workload, outputs);
        } finally {
            flink.cancelAtEnd(jobId);
        }
    }
}
