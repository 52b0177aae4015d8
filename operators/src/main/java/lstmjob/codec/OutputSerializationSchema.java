package lstmjob.codec;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Predictions and resets to Kafka: the value is the contract's JSON, the record key is the sample's key. */
public final class OutputSerializationSchema implements KafkaRecordSerializationSchema<Output> {

    private final String topic;

    public OutputSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Output o, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, o.key().getBytes(StandardCharsets.UTF_8),
                OutputEncoder.encode(o));
    }
}
