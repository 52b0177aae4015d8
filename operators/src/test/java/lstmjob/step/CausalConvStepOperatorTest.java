package lstmjob.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.model.Model;
import lstmjob.state.OnStateMismatch;
import lstmjob.testing.CausalConvCases;
import lstmjob.testing.ExpectedOutputs;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step operator serving Conv1D(causal, kernel 3, dilation 2) → LSTM → Dense: its past inputs are key state
 * like the LSTM's h and c, so a snapshot taken in the middle of the stream and restored gives the uninterrupted
 * outputs, and a key's state reported by get-state and set on another key makes that key continue as the first.
 */
class CausalConvStepOperatorTest {

    private static final String CASE = CausalConvCases.CONV_LSTM_DENSE;
    private static final ModelSource SOURCE = ModelSource.of(CausalConvCases.model(CASE));
    private static final Model MODEL = SOURCE.load();

    private final InputDecoder decoder = new InputDecoder(MODEL.inputSize(), 1 << 20, 1024, MODEL.stateLayout());

    private static KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> harness(int bundleSize)
            throws Exception {
        StepOptions options = new StepOptions(0, null, OnStateMismatch.FAIL, bundleSize, Duration.ofMillis(5));
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new StepOperator(SOURCE, options), InputRecord::key, Types.STRING);
    }

    private InputRecord decode(String json) {
        try {
            return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (BadRecordException e) {
            throw new AssertionError(json, e);
        }
    }

    private List<InputRecord> stream() throws IOException {
        List<InputRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(CausalConvCases.stream(CASE), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.add(decode(line));
            }
        }
        return records;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> h, List<InputRecord> records)
            throws Exception {
        for (InputRecord r : records) {
            h.processElement(new StreamRecord<>(r));
        }
    }

    private static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> h) {
        List<String> lines = new ArrayList<>();
        for (EncodedRecord r : h.extractOutputValues()) {
            lines.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static List<JsonNode> states(KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> h) {
        List<JsonNode> out = new ArrayList<>();
        for (StreamRecord<EncodedRecord> r : h.getSideOutput(StepOperator.STATES)) {
            out.add(ExpectedOutputs.parse(new String(r.getValue().value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    @ParameterizedTest(name = "bundle size {0}")
    @ValueSource(ints = {1, 4})
    void snapshotAndRestoreMidStreamGiveTheUninterruptedOutputs(int bundleSize) throws Exception {
        List<InputRecord> records = stream();
        List<String> uninterrupted;
        try (var h = harness(bundleSize)) {
            h.open();
            feed(h, records);
            h.endInput();
            uninterrupted = outputs(h);
        }
        Map<String, List<JsonNode>> expected = ExpectedOutputs.read(CausalConvCases.expected(CASE));
        ExpectedOutputs.assertMatches(expected, ExpectedOutputs.group(uninterrupted), "uninterrupted");

        for (int cut : new int[] {records.size() / 3, records.size() / 2}) {
            OperatorSubtaskState snapshot;
            List<String> got = new ArrayList<>();
            try (var h = harness(bundleSize)) {
                h.open();
                feed(h, records.subList(0, cut));
                h.prepareSnapshotPreBarrier(1);
                snapshot = h.snapshot(1, 1);
                got.addAll(outputs(h));
            }
            try (var h = harness(bundleSize)) {
                h.initializeState(snapshot);
                h.open();
                feed(h, records.subList(cut, records.size()));
                h.endInput();
                got.addAll(outputs(h));
            }
            assertEquals(
                    ExpectedOutputs.group(uninterrupted),
                    ExpectedOutputs.group(got),
                    "restored after record " + cut + ", to the bit");
        }
    }

    @Test
    void theReportedPastInputsSetOnAnotherKeyContinueItExactly() throws Exception {
        String[] x = {"[0.5,-1,0.25]", "[1,2,3]", "[-0.75,0.125,1.5]", "[0.3,0.2,0.1]", "[-1,-0.5,0]"};
        try (var h = harness(1)) {
            h.open();
            for (String step : x) {
                h.processElement(new StreamRecord<>(decode("{\"key\":\"src\",\"x\":" + step + "}")));
            }
            h.processElement(new StreamRecord<>(decode("{\"key\":\"src\",\"type\":\"get-state\"}")));
            h.prepareSnapshotPreBarrier(1);
            JsonNode report = states(h).get(0);
            assertEquals(5, report.path("step").asLong());
            JsonNode conv = report.path("states").get(0);
            assertEquals("conv1d", conv.path("layer").asText());
            // kernel 3, dilation 2: the last 4 inputs the convolution saw, the model's own inputs, oldest first
            JsonNode inputs = conv.path("inputs");
            assertEquals(4, inputs.size());
            for (int v = 0; v < 4; v++) {
                assertArrayEquals(floats(ExpectedOutputs.parse(x[1 + v])), floats(inputs.get(v)), "past input " + v);
            }
            assertEquals(2, report.path("states").size(), "the convolution's and the LSTM's states");

            h.processElement(new StreamRecord<>(decode("{\"key\":\"k\",\"x\":[9,9,9]}")));
            h.processElement(new StreamRecord<>(decode(
                    "{\"type\":\"set-state\",\"key\":\"k\",\"states\":" + report.path("states") + ",\"step\":5}")));
            for (String step : new String[] {"[0.1,0.2,0.3]", "[-0.4,0.5,-0.6]", "[0.7,0.8,-0.9]"}) {
                h.processElement(new StreamRecord<>(decode("{\"key\":\"k\",\"x\":" + step + "}")));
                h.processElement(new StreamRecord<>(decode("{\"key\":\"src\",\"x\":" + step + "}")));
            }
            h.prepareSnapshotPreBarrier(2);
            Map<String, List<JsonNode>> out = ExpectedOutputs.group(outputs(h));
            List<JsonNode> k = out.get("k");
            List<JsonNode> src = out.get("src");
            assertEquals(4, k.size());
            for (int i = 1; i <= 3; i++) {
                assertEquals(5 + i, k.get(i).path("step").asLong());
                assertEquals(src.get(4 + i).path("y"), k.get(i).path("y"), "k continues as src, step " + (5 + i));
            }
            assertNotEquals(k.get(0).path("y"), k.get(1).path("y"));
        }
    }

    /** A JSON array of numbers as float32, as the job reads them. */
    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
