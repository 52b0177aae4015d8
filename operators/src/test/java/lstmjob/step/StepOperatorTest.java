package lstmjob.step;

import static lstmjob.step.StepHarnesses.feed;
import static lstmjob.step.StepHarnesses.outputs;
import static lstmjob.step.StepHarnesses.states;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.model.Model;
import lstmjob.state.KeyState;
import lstmjob.state.OnStateMismatch;
import lstmjob.state.StateSerializer;
import lstmjob.testing.ExpectedOutputs;
import lstmjob.testing.OracleCases;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step operator in Flink's keyed operator test harness: when held records are flushed (barrier, wait timer,
 * end of input), idle expiry while records are held, and snapshot and restore in the middle of a stream.
 */
class StepOperatorTest {

    /** case-7: LSTM → LSTM → GRU → Dense over 6 keys; the expected outputs are Keras's. */
    private static final OracleCases.ModelCase CASE = OracleCases.all().stream()
            .filter(c -> c.caseName().equals("case-7") && c.modelFile().equals("model.keras"))
            .findFirst()
            .orElseThrow();

    private static final ModelSource SOURCE = ModelSource.of(CASE.model());
    private static final Model MODEL = SOURCE.load();
    private static final Duration WAIT = Duration.ofMillis(5);

    private final InputDecoder decoder = new InputDecoder(MODEL.inputSize(), 1 << 20, 1024, MODEL.stateLayout());

    private static StepOptions bundling(int size, Duration ttl) {
        return new StepOptions(0, ttl, OnStateMismatch.FAIL, size, WAIT);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> harness(
            StepOptions options) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new StepOperator(SOURCE, options), InputRecord::key, Types.STRING);
    }

    /** A task whose operator keeps the metrics it registers, for the test to read. */
    private static final class OperatorMetrics extends InterceptingTaskMetricGroup {
        final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();

        @Override
        public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> info) {
            return operator;
        }

        Histogram histogram(String name) {
            return (Histogram) operator.get(name);
        }

        Object gauge(String name) {
            return ((Gauge<?>) operator.get(name)).getValue();
        }
    }

    private InputRecord decode(String json, long arrivedMillis) {
        return StepHarnesses.decode(decoder, json, arrivedMillis);
    }

    private InputRecord decode(String json) {
        return StepHarnesses.decode(decoder, json);
    }

    private List<InputRecord> stream() throws IOException {
        return StepHarnesses.records(decoder, CASE.stream());
    }

    private static Map<String, List<JsonNode>> byKey(List<String> lines) {
        return ExpectedOutputs.group(lines);
    }

    @Test
    void heldRecordsAreFlushedBeforeTheCheckpointBarrier() throws Exception {
        try (var h = harness(bundling(64, null))) {
            h.open();
            feed(h, stream());
            assertTrue(h.extractOutputValues().isEmpty(), "fewer than 64 keys and 256 records: all held");
            h.prepareSnapshotPreBarrier(1);
            ExpectedOutputs.assertMatches(ExpectedOutputs.read(CASE.expected()), byKey(outputs(h)), "at the barrier");
        }
    }

    @Test
    void heldRecordsAreFlushedWhenTheWaitIsOver() throws Exception {
        List<InputRecord> records = stream();
        try (var h = harness(bundling(64, null))) {
            h.open();
            h.setProcessingTime(1000);
            feed(h, records.subList(0, 3));
            h.setProcessingTime(1000 + WAIT.toMillis() - 1);
            assertTrue(h.extractOutputValues().isEmpty(), "held until the wait is over");
            h.setProcessingTime(1000 + WAIT.toMillis());
            int afterFirst = h.extractOutputValues().size();
            assertTrue(afterFirst > 0, "flushed when the wait is over");

            feed(h, records.subList(3, records.size()));
            h.setProcessingTime(2000);
            ExpectedOutputs.assertMatches(ExpectedOutputs.read(CASE.expected()), byKey(outputs(h)), "on the timer");
        }
    }

    @Test
    void heldRecordsAreFlushedAtTheEndOfInput() throws Exception {
        try (var h = harness(bundling(64, null))) {
            h.open();
            feed(h, stream());
            h.endInput();
            ExpectedOutputs.assertMatches(ExpectedOutputs.read(CASE.expected()), byKey(outputs(h)), "at the end");
        }
    }

    @Test
    void measuresLatencyEventTimeLagBundleFillAndStateSize() throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        MockEnvironment env = MockEnvironment.builder().setMetricGroup(metrics).build();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new StepOperator(SOURCE, bundling(2, null)), InputRecord::key, Types.STRING, env)) {
            h.open();
            assertEquals(-1L, metrics.gauge("eventTimeLagMs"), "no ts applied yet");
            h.setProcessingTime(10_000);
            String x = x(1);
            h.processElement(new StreamRecord<>(decode("{\"key\":\"a\",\"x\":" + x + ",\"ts\":9000}", 9_993)));
            h.processElement(new StreamRecord<>(decode("{\"key\":\"b\",\"x\":" + x + ",\"ts\":9400}", 9_980)));
            assertEquals(2, h.extractOutputValues().size(), "two keys fill a bundle of 2");

            Histogram latency = metrics.histogram("predictionLatencyMs");
            assertEquals(2, latency.getCount());
            assertEquals(7, latency.getStatistics().getMin(), "from arrival at 9,993 to the step at 10,000");
            assertEquals(20, latency.getStatistics().getMax(), "from arrival at 9,980 to the step at 10,000");
            assertEquals(600L, metrics.gauge("eventTimeLagMs"), "now 10,000, the last ts applied 9,400");
            Histogram bundles = metrics.histogram("bundleRows");
            assertEquals(1, bundles.getCount(), "one bundled step");
            assertEquals(2, bundles.getStatistics().getMax(), "of both keys");

            h.setProcessingTime(10_500);
            h.processElement(new StreamRecord<>(decode("{\"key\":\"a\",\"x\":" + x + "}", 10_400)));
            h.endInput();
            assertEquals(3, latency.getCount());
            assertEquals(100, latency.getStatistics().getMax(), "a record held until the end of input");
            assertEquals(1_100L, metrics.gauge("eventTimeLagMs"), "now 10,500; a record without ts leaves 9,400");
            assertEquals(2, bundles.getCount());
            assertEquals(1, bundles.getStatistics().getMin(), "the last bundle had one key");

            DataOutputSerializer written = new DataOutputSerializer(64);
            new StateSerializer(MODEL.stateLayout()).serialize(KeyState.fresh(MODEL.stateLayout()), written);
            assertEquals(written.length(), metrics.gauge("stateBytesPerKey"), "what StateSerializer writes per key");
            assertEquals(
                    33 + 4 * MODEL.stateLayout().floats(),
                    metrics.gauge("stateBytesPerKey"),
                    "a 33-byte header and the state's float32s");
        }
    }

    @Test
    void aFullBundleIsFlushedAtOnce() throws Exception {
        try (var h = harness(bundling(2, null))) {
            h.open();
            h.processElement(new StreamRecord<>(decode(sample("a"))));
            assertTrue(h.extractOutputValues().isEmpty());
            h.processElement(new StreamRecord<>(decode(sample("b"))));
            assertEquals(2, h.extractOutputValues().size(), "two keys fill a bundle of 2");
        }
    }

    /**
     * With bundling, the barrier's flush changes which keys share a step; a key's step does not depend on the
     * keys it shares, so the outputs are equal to the bit either way.
     */
    @ParameterizedTest(name = "bundle size {0}")
    @ValueSource(ints = {1, 4})
    void snapshotAndRestoreMidStreamGiveTheUninterruptedOutputs(int bundleSize) throws Exception {
        List<InputRecord> records = stream();
        List<String> uninterrupted;
        try (var h = harness(bundling(bundleSize, null))) {
            h.open();
            feed(h, records);
            h.endInput();
            uninterrupted = outputs(h);
        }

        int half = records.size() / 2;
        OperatorSubtaskState snapshot;
        List<String> got = new ArrayList<>();
        try (var h = harness(bundling(bundleSize, null))) {
            h.open();
            feed(h, records.subList(0, half));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
            got.addAll(outputs(h));
        }
        try (var h = harness(bundling(bundleSize, null))) {
            h.initializeState(snapshot);
            h.open();
            feed(h, records.subList(half, records.size()));
            h.endInput();
            got.addAll(outputs(h));
        }
        assertEquals(byKey(uninterrupted), byKey(got), "restored from the middle, to the bit");
        ExpectedOutputs.assertMatches(ExpectedOutputs.read(CASE.expected()), byKey(got), "restored");
    }

    @Test
    void aSetStateBetweenTwoBundledRecordsOfAKeyAppliesInOrder() throws Exception {
        String x1 = x(1);
        String x2 = x(2);
        try (var h = harness(bundling(64, null))) {
            h.open();
            h.processElement(new StreamRecord<>(decode("{\"key\":\"src\",\"x\":" + x1 + "}")));
            h.processElement(new StreamRecord<>(decode("{\"key\":\"src\",\"type\":\"get-state\"}")));
            h.prepareSnapshotPreBarrier(1);
            JsonNode report = states(h).get(0);
            assertEquals(1, report.path("step").asLong());

            // in one bundle: k steps from its own state, is set to src's state, and steps on as src does
            String setState =
                    "{\"type\":\"set-state\",\"key\":\"k\",\"states\":" + report.path("states") + ",\"step\":1}";
            h.processElement(new StreamRecord<>(decode("{\"key\":\"k\",\"x\":" + x2 + "}")));
            h.processElement(new StreamRecord<>(decode(setState)));
            h.processElement(new StreamRecord<>(decode("{\"key\":\"k\",\"x\":" + x2 + "}")));
            h.processElement(new StreamRecord<>(decode("{\"key\":\"src\",\"x\":" + x2 + "}")));
            h.prepareSnapshotPreBarrier(2);

            Map<String, List<JsonNode>> out = byKey(outputs(h));
            List<JsonNode> k = out.get("k");
            List<JsonNode> src = out.get("src");
            assertEquals(2, k.size());
            assertEquals(1, k.get(0).path("step").asLong(), "k's own first step");
            assertEquals(2, k.get(1).path("step").asLong(), "set-state set the step count to 1");
            assertEquals(2, src.get(1).path("step").asLong());
            // src's step was one row of a bundle of two, k's a bundle of its own (its next record waits for it)
            assertEquals(src.get(1).path("y"), k.get(1).path("y"), "after set-state k continues as src, to the bit");
            assertNotEquals(k.get(0).path("y"), k.get(1).path("y"), "the set-state changed k's state");
        }
    }

    @Test
    void aKeyWithHeldRecordsIsActiveNotExpired() throws Exception {
        try (var h = harness(bundling(64, Duration.ofSeconds(1)))) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(decode(sample("a"))));
            h.processElement(new StreamRecord<>(decode(sample("b"))));
            h.setProcessingTime(WAIT.toMillis()); // both applied, active at 5 ms: idle timers at 2 s
            assertEquals(2, outputs(h).size());

            h.setProcessingTime(1998);
            h.processElement(new StreamRecord<>(decode(sample("a")))); // held: its flush is due after the timers
            h.setProcessingTime(2000);

            Map<String, List<JsonNode>> out = byKey(outputs(h));
            assertEquals(2, out.get("a").size(), "a's held record was applied, and a did not expire");
            assertEquals("prediction", out.get("a").get(1).path("type").asText());
            assertEquals(2, out.get("a").get(1).path("step").asLong());
            JsonNode expired = out.get("b").get(1);
            assertEquals("reset", expired.path("type").asText());
            assertEquals("expired", expired.path("reason").asText(), "b was idle past the TTL");
            assertEquals(1, expired.path("steps").asLong());

            h.processElement(new StreamRecord<>(decode(sample("b"))));
            h.prepareSnapshotPreBarrier(1);
            assertEquals(1, byKey(outputs(h)).get("b").get(2).path("step").asLong(), "b starts over");
        }
    }

    private String sample(String key) {
        return "{\"key\":\"" + key + "\",\"x\":" + x(key.hashCode()) + "}";
    }

    /** One timestep of inputs in [-1, 1), the same for the same seed. */
    private static String x(int seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < MODEL.inputSize(); i++) {
            sb.append(i == 0 ? "" : ",").append(random.nextFloat() * 2 - 1);
        }
        return sb.append(']').toString();
    }
}
