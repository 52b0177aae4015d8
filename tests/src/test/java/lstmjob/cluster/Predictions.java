package lstmjob.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The job's output topic as a downstream reader sees it: read_committed, from the beginning. Checks it against
 * the uninterrupted output of a {@link Workload}: every key's predictions seq 1..N, step 1..N, each once, in
 * order, with the same y (float32 precision, as the contract states).
 */
final class Predictions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Predictions() {}

    /**
     * Reads until {@code expected} records arrived (or {@code timeout}), then {@code settle} longer, so that a
     * record doubled by a late transaction would be seen too.
     */
    static List<String> readCommitted(String bootstrap, String topic, int expected, Duration timeout, Duration settle) {
        List<String> values = new ArrayList<>(expected);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config(bootstrap))) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            long settleUntil = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < settleUntil) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /**
     * The sum of the topic's end offsets as a read_committed reader sees them (the last stable offsets): it grows
     * when a transaction with records in the topic commits, so it tells whether the job has committed output.
     */
    static long committedEnd(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config(bootstrap))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static Properties config(String bootstrap) {
        return OutputMonitor.readCommitted(bootstrap);
    }

    /** Fails, with a summary and the first problems found, unless the outputs are the workload's, exactly once. */
    static void assertExactlyOnce(Workload workload, List<String> outputs) {
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String value : outputs) {
            JsonNode o = parse(value);
            if (!"prediction".equals(o.path("type").asText())) {
                problems.add("not a prediction: " + value);
                continue;
            }
            byKey.computeIfAbsent(o.path("key").asText(), k -> new ArrayList<>())
                    .add(o);
        }
        Map<String, List<float[]>> expected = workload.expected();
        int wrongKeys = 0;
        for (Map.Entry<String, List<float[]>> e : expected.entrySet()) {
            List<JsonNode> got = byKey.getOrDefault(e.getKey(), List.of());
            List<String> keyProblems = compare(e.getKey(), e.getValue(), got);
            if (!keyProblems.isEmpty()) {
                wrongKeys++;
                problems.addAll(keyProblems);
            }
        }
        for (String key : byKey.keySet()) {
            if (!expected.containsKey(key)) {
                problems.add("outputs for a key that was never sent: " + key);
            }
        }
        if (!problems.isEmpty()) {
            fail(outputs.size() + " outputs read for " + workload.size() + " samples; " + wrongKeys + " of "
                    + workload.keys + " keys differ from the uninterrupted output. First problems:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(15, problems.size()))));
        }
    }

    private static List<String> compare(String key, List<float[]> expected, List<JsonNode> got) {
        List<String> problems = new ArrayList<>();
        if (got.size() != expected.size()) {
            problems.add(key + ": " + got.size() + " predictions, expected " + expected.size()
                    + (got.isEmpty() ? "" : " (seqs " + seqs(got) + ")"));
        }
        for (int i = 0; i < Math.min(got.size(), expected.size()) && problems.size() < 3; i++) {
            JsonNode o = got.get(i);
            if (o.path("seq").asLong() != i + 1 || o.path("step").asLong() != i + 1) {
                problems.add(key + " output #" + (i + 1) + " has seq " + o.path("seq") + ", step " + o.path("step")
                        + "; expected " + (i + 1) + " for both (seqs " + seqs(got) + ")");
                break;
            }
            float[] y = expected.get(i);
            JsonNode actual = o.path("y");
            boolean same = actual.size() == y.length;
            for (int j = 0; same && j < y.length; j++) {
                double a = actual.get(j).asDouble();
                same = Math.abs(a - y[j]) <= 1e-5 * Math.max(1.0, Math.abs(y[j]));
            }
            if (!same) {
                problems.add(
                        key + " seq " + (i + 1) + ": y " + actual + ", uninterrupted " + java.util.Arrays.toString(y));
            }
        }
        return problems;
    }

    /** The seqs as compact ranges, e.g. "1-40, 38-100", to show gaps and repeats. */
    private static String seqs(List<JsonNode> outputs) {
        StringBuilder s = new StringBuilder();
        long start = -1;
        long prev = -1;
        for (JsonNode o : outputs) {
            long seq = o.path("seq").asLong();
            if (start < 0) {
                start = seq;
            } else if (seq != prev + 1) {
                s.append(s.isEmpty() ? "" : ", ").append(start).append(start == prev ? "" : "-" + prev);
                start = seq;
            }
            prev = seq;
        }
        if (start >= 0) {
            s.append(s.isEmpty() ? "" : ", ").append(start).append(start == prev ? "" : "-" + prev);
        }
        return s.toString();
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("the job wrote a record that is not JSON: " + value, e);
        }
    }
}
