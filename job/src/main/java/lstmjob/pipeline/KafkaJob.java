package lstmjob.pipeline;

import java.time.Duration;
import java.util.Properties;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.EncodedRecordPart;
import lstmjob.codec.InputRecord;
import lstmjob.codec.RawRecord;
import lstmjob.codec.RawRecordDeserializationSchema;
import lstmjob.config.JobConfig;
import lstmjob.model.Model;
import lstmjob.step.ModelSource;
import lstmjob.step.StepOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka job: samples → decode → keyBy(key) → step → predictions and resets; state reports → states;
 * bad records → dead letters.
 */
public final class KafkaJob {

    /** The broker's default {@code transaction.max.timeout.ms}; a longer producer timeout is refused by the broker. */
    static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private KafkaJob() {}

    public static void build(StreamExecutionEnvironment env, JobConfig c, ModelSource modelSource, Model model) {
        build(env, c, model, new StepOperator(modelSource, c.stepOptions(model)));
    }

    /** The same job with another keyed step operator of the same shape ({@code bench}'s no-model ceiling). */
    public static void build(
            StreamExecutionEnvironment env,
            JobConfig c,
            Model model,
            OneInputStreamOperator<InputRecord, EncodedRecord> stepOperator) {
        DataStream<RawRecord> raw = env.fromSource(samplesSource(c), WatermarkStrategy.noWatermarks(), "samples")
                .uid("samples-source");

        StepStage step = StepStage.apply(raw, model, c.maxRecordBytes(), c.maxKeyBytes(), stepOperator);

        step.outputs()
                .sinkTo(sink(c, c.outputTopic(), "predictions"))
                .uid("predictions-sink")
                .name("predictions");
        step.states()
                .sinkTo(sink(c, c.statesTopic(), "states"))
                .uid("states-sink")
                .name("states");
        step.deadLetters()
                .sinkTo(sink(c, c.deadLetterTopic(), "dead-letters"))
                .uid("dead-letters-sink")
                .name("dead-letters");
    }

    static KafkaSource<RawRecord> samplesSource(JobConfig c) {
        Properties props = c.kafkaProperties();
        // upstream producers may write transactionally: never read what they abort
        props.putIfAbsent("isolation.level", "read_committed");
        // a missing samples topic is looked for again at every discovery (the connector's default is 5 min)
        props.putIfAbsent(
                KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS.key(), Long.toString(JobTopics.INTERVAL.toMillis()));
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setKafkaSubscriber(new AwaitedTopic(c.inputTopic(), c.bootstrapServers()))
                .setGroupId(c.groupId())
                .setStartingOffsets(startingOffsets(c.startingOffsets()))
                .setDeserializer(new RawRecordDeserializationSchema())
                .setProperties(props)
                .build();
    }

    static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** Encoded records to {@code topic}, as they are: the value, and the key (none for a dead letter). */
    static KafkaSink<EncodedRecord> sink(JobConfig c, String topic, String name) {
        Properties props = c.kafkaProperties();
        if (c.exactlyOnce()) {
            props.putIfAbsent(
                    "transaction.timeout.ms",
                    Long.toString(transactionTimeout(c).toMillis()));
        }
        return KafkaSink.<EncodedRecord>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(KafkaRecordSerializationSchema.<EncodedRecord>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(EncodedRecordPart.KEY)
                        .setValueSerializationSchema(EncodedRecordPart.VALUE)
                        .build())
                .setDeliveryGuarantee(
                        c.exactlyOnce() ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(c.transactionalIdPrefix() + "-" + name)
                .build();
    }

    /**
     * A transaction stays open from one checkpoint to the next and through a recovery: give it the broker's
     * maximum, and refuse checkpoint intervals that could not fit in it.
     */
    static Duration transactionTimeout(JobConfig c) {
        Duration interval = c.checkpointInterval();
        if (interval.multipliedBy(3).compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new JobConfig.ConfigException("checkpoint-interval " + interval + " is too long for exactly-once: "
                    + "Kafka transactions time out after at most " + BROKER_MAX_TRANSACTION_TIMEOUT.toMinutes()
                    + " min by default (transaction.max.timeout.ms); use an interval under "
                    + BROKER_MAX_TRANSACTION_TIMEOUT.dividedBy(3).toMinutes() + " min or --delivery at-least-once");
        }
        return BROKER_MAX_TRANSACTION_TIMEOUT;
    }
}
