package lstmjob.codec;

import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * The Kafka record key or value of an {@link EncodedRecord}, as it is: the key and value schemas of a Kafka sink.
 * Not lambdas: the Kafka sink reads the record type from its schemas' class.
 */
public enum EncodedRecordPart implements SerializationSchema<EncodedRecord> {
    KEY {
        @Override
        public byte[] serialize(EncodedRecord r) {
            return r.key();
        }
    },
    VALUE {
        @Override
        public byte[] serialize(EncodedRecord r) {
            return r.value();
        }
    }
}
