package lstmjob.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.testing.ExpectedOutputs;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Records into a step operator's test harness, and its outputs and state reports out, as JSON. */
final class StepHarnesses {

    private StepHarnesses() {}

    /** A record the test knows to be good, decoded; arrived at {@code arrivedMillis}. */
    static InputRecord decode(InputDecoder decoder, String json, long arrivedMillis) {
        try {
            return decoder.decode(json.getBytes(StandardCharsets.UTF_8), arrivedMillis);
        } catch (BadRecordException e) {
            throw new AssertionError(json, e);
        }
    }

    static InputRecord decode(InputDecoder decoder, String json) {
        try {
            return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (BadRecordException e) {
            throw new AssertionError(json, e);
        }
    }

    /** Every non-blank line of a JSON Lines stream, decoded. */
    static List<InputRecord> records(InputDecoder decoder, Path stream) throws IOException {
        List<InputRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(stream, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.add(decode(decoder, line));
            }
        }
        return records;
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> h, List<InputRecord> records)
            throws Exception {
        for (InputRecord r : records) {
            h.processElement(new StreamRecord<>(r));
        }
    }

    /** The main output's JSON lines, in the order emitted. */
    static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> h) {
        List<String> lines = new ArrayList<>();
        for (EncodedRecord r : h.extractOutputValues()) {
            assertEquals(EncodedRecord.Target.OUTPUT, r.target());
            lines.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** The state reports on the states side output, in the order emitted. */
    static List<JsonNode> states(KeyedOneInputStreamOperatorTestHarness<String, InputRecord, EncodedRecord> h) {
        List<JsonNode> out = new ArrayList<>();
        for (StreamRecord<EncodedRecord> r : h.getSideOutput(StepOperator.STATES)) {
            assertEquals(EncodedRecord.Target.STATES, r.getValue().target());
            out.add(ExpectedOutputs.parse(new String(r.getValue().value(), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
