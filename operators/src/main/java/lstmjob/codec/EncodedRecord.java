package lstmjob.codec;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * An output record as written: where it goes, its Kafka record key (the sample's key in UTF-8; null for a dead
 * letter) and its value (the contract's JSON). The step operator and the decoder encode at once, so what crosses
 * operators is bytes ({@link EncodedRecordSerializer}), and the sinks and replay only write them. Never changed once
 * made: nothing writes into its arrays.
 */
@TypeInfo(EncodedRecordTypeInfo.class)
public record EncodedRecord(Target target, byte[] key, byte[] value) {

    public enum Target {
        /** predictions and resets */
        OUTPUT,
        /** answers to get-state records */
        STATES,
        /** rejected input records */
        DEAD_LETTERS
    }

    /** A prediction or reset to the output, a state report to the states, written by the model's encoder. */
    public static EncodedRecord of(Output o, OutputEncoder encoder) {
        Target target = o instanceof StateReport ? Target.STATES : Target.OUTPUT;
        return new EncodedRecord(target, o.key().getBytes(StandardCharsets.UTF_8), encoder.encode(o));
    }

    public static EncodedRecord of(DeadLetter d) {
        return new EncodedRecord(Target.DEAD_LETTERS, null, OutputEncoder.encode(d));
    }
}
