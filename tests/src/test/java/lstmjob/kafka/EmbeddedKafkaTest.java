package lstmjob.kafka;

import static lstmjob.testing.KafkaTestSupport.KeyedValue;
import static lstmjob.testing.KafkaTestSupport.Message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lstmjob.testing.KafkaTestSupport;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final int KEYS = 10;

    @Test
    void readCommittedSeesExactlyTheCommittedRecordsInKeyOrderAndCloseCleansUp() throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Path dir = kafka.directory();
        int port = kafka.brokerPort();
        try {
            assertTrue(Files.isDirectory(dir));
            assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
            assertEquals(Duration.ofMinutes(15), kafka.transactionMaxTimeout());
            kafka.createTopic("numbers", 2);
            kafka.createTopic("numbers", 2); // idempotent

            String b = kafka.bootstrapServers();
            List<KeyedValue> committed = keyed(100, "c");
            KafkaTestSupport.produceInTransaction(b, "numbers", committed, true);
            KafkaTestSupport.produceInTransaction(b, "numbers", keyed(10, "aborted"), false);

            // The aborted records did reach the log: read_uncommitted sees all 110.
            assertEquals(
                    110,
                    KafkaTestSupport.readUncommittedUntilQuiet(b, "numbers", QUIET, TIMEOUT)
                            .size());

            List<Message> read = KafkaTestSupport.readCommittedUntilQuiet(b, "numbers", QUIET, TIMEOUT);
            assertEquals(100, read.size());
            assertEquals(expectedByKey(100, "c"), KafkaTestSupport.valuesByKey(read));
            for (Message m : read) {
                assertEquals(murmur2Partition(m.key(), 2), m.partition(), "partition of key " + m.key());
            }
            assertEquals(
                    2, read.stream().mapToInt(Message::partition).distinct().count(), "both partitions used");
        } finally {
            kafka.close();
        }
        assertFalse(Files.exists(dir), "broker directory deleted");
        assertPortFree(port);
        kafka.close(); // a second close does nothing
    }

    @Test
    void createTopicRefusesAnExistingTopicWithAnotherPartitionCount() {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).start()) {
            kafka.createTopic("t", 2);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> kafka.createTopic("t", 5));
            assertTrue(e.getMessage().contains("already exists with 2 partitions"), e.getMessage());

            // num.partitions applies to topics created on first use
            KafkaTestSupport.produce(
                    kafka.bootstrapServers(),
                    "auto",
                    IntStream.range(0, 40)
                            .mapToObj(i -> new KeyedValue("k" + i, "v"))
                            .toList());
            List<Message> read = KafkaTestSupport.readUncommitted(kafka.bootstrapServers(), "auto", 40, TIMEOUT);
            assertEquals(40, read.size());
            assertEquals(3, read.stream().mapToInt(Message::partition).max().getAsInt() + 1);
        }
    }

    @Test
    void stopAndStartAgainKeepsRecordsAndPort() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String b = kafka.bootstrapServers();
            kafka.createTopic("kept", 2);
            KafkaTestSupport.produceInTransaction(b, "kept", keyed(20, "before"), true);

            kafka.stop();
            assertPortFree(kafka.brokerPort());
            assertThrows(IllegalStateException.class, () -> kafka.createTopic("other", 1));
            kafka.startAgain();

            assertEquals(b, kafka.bootstrapServers());
            KafkaTestSupport.produceInTransaction(b, "kept", keyed(20, "after"), true);
            List<Message> read = KafkaTestSupport.readCommitted(b, "kept", 40, TIMEOUT);
            List<String> expected = new ArrayList<>();
            keyed(20, "before").forEach(r -> expected.add(r.value()));
            keyed(20, "after").forEach(r -> expected.add(r.value()));
            assertEquals(40, read.size());
            assertEquals(sortedByKeyThenOrder(expected), sortedByKeyThenOrder(KafkaTestSupport.values(read)));
        }
    }

    @Test
    void startAgainFailsWhileAnotherProcessHoldsThePortAndWorksOnceItIsFree() throws IOException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("kept", 1);
            KafkaTestSupport.produce(kafka.bootstrapServers(), "kept", List.of(new KeyedValue("a", "1")));
            kafka.stop();
            try (ServerSocket squatter = new ServerSocket(kafka.brokerPort(), 1, InetAddress.getLoopbackAddress())) {
                RuntimeException e = assertThrows(RuntimeException.class, kafka::startAgain);
                assertTrue(causes(e).stream().anyMatch(BindException.class::isInstance), e.toString());
            }
            kafka.startAgain();
            List<Message> read = KafkaTestSupport.readCommitted(kafka.bootstrapServers(), "kept", 1, TIMEOUT);
            assertEquals(List.of("1"), KafkaTestSupport.values(read));
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    @Test
    void jsonLinesAreKeyedByTheirKeyString(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("in.jsonl");
        List<String> lines = List.of(
                "{\"key\":\"a\",\"x\":[1]}",
                "",
                "{\"key\":\"b\",\"x\":[2]}",
                "not json",
                "{\"key\":7,\"x\":[3]}",
                "{\"x\":[4],\"key\":\"a\"}");
        Files.write(file, lines, StandardCharsets.UTF_8);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("lines", 4);
            assertEquals(5, KafkaTestSupport.produceJsonLines(kafka.bootstrapServers(), "lines", file));
            List<Message> read = KafkaTestSupport.readCommitted(kafka.bootstrapServers(), "lines", 5, TIMEOUT);
            assertEquals(5, read.size());
            Map<String, List<String>> byKey = KafkaTestSupport.valuesByKey(read);
            assertEquals(List.of(lines.get(0), lines.get(5)), byKey.get("a"));
            assertEquals(List.of(lines.get(2)), byKey.get("b"));
            assertEquals(
                    List.of(lines.get(3), lines.get(4)).stream().sorted().toList(),
                    byKey.get(null).stream().sorted().toList());
            for (Message m : read) {
                if (m.key() != null) {
                    assertEquals(murmur2Partition(m.key(), 4), m.partition(), "partition of key " + m.key());
                }
            }
        }
    }

    /** n records over {@value #KEYS} keys, each value "key:prefix-i" with i increasing per key. */
    private static List<KeyedValue> keyed(int n, String prefix) {
        List<KeyedValue> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "k" + (i % KEYS);
            records.add(new KeyedValue(key, key + ":" + prefix + "-" + i));
        }
        return records;
    }

    private static Map<String, List<String>> expectedByKey(int n, String prefix) {
        Map<String, List<String>> byKey = new HashMap<>();
        for (KeyedValue r : keyed(n, prefix)) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
        }
        return byKey;
    }

    /** Values grouped by their key prefix, keeping the order within a key (a stable sort). */
    private static List<String> sortedByKeyThenOrder(List<String> values) {
        return values.stream()
                .sorted(Comparator.comparing(v -> v.substring(0, v.indexOf(':'))))
                .toList();
    }

    /** The Java client's default partition for a keyed record (murmur2 of the key bytes). */
    private static int murmur2Partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static void assertPortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        } catch (IOException e) {
            throw new AssertionError("port " + port + " is still in use", e);
        }
    }
}
