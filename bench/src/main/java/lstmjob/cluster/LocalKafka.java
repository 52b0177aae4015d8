package lstmjob.cluster;

import java.time.Duration;

/** The broker of {@code bin/kafka-local}: a real Kafka process, started, stopped and restarted by the script. */
public final class LocalKafka {

    private final Scripts scripts;
    private String bootstrap;

    LocalKafka(Scripts scripts) {
        this.scripts = scripts;
    }

    /** {@code bin/kafka-local start}: the first start formats the data dir; later ones reuse port and data. */
    String start() {
        bootstrap = scripts.run(Duration.ofMinutes(3), "kafka-local", "start").value("BOOTSTRAP");
        return bootstrap;
    }

    /** {@code bin/kafka-local stop}. */
    void stop() {
        scripts.run(Duration.ofMinutes(2), "kafka-local", "stop");
    }

    String bootstrap() {
        if (bootstrap == null) {
            throw new IllegalStateException("Kafka was not started");
        }
        return bootstrap;
    }

    /** {@code bin/kafka-topics --create}: the README's way to make the job's topics. */
    void createTopic(String topic, int partitions) {
        scripts.run(
                Duration.ofMinutes(1),
                "kafka-topics",
                "--bootstrap-server",
                bootstrap(),
                "--create",
                "--topic",
                topic,
                "--partitions",
                Integer.toString(partitions));
    }
}
