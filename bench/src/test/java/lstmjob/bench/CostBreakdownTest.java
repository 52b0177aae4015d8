package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import lstmjob.bench.CostBreakdown.Category;
import org.junit.jupiter.api.Test;

/**
 * The breakdown's attribution of a sample, from synthetic stacks (class names, innermost frame first) as JFR
 * records them on the job's threads, and its rows.
 */
class CostBreakdownTest {

    private static final String STEP_TASK = "step -> counting sink (1/1)#0";

    @Test
    void kernelFramesAboveTheStepOperatorAreKernel() {
        assertEquals(
                Category.KERNEL,
                CostBreakdown.category(
                        STEP_TASK,
                        List.of(
                                "jdk.incubator.vector.Float512Vector",
                                "lstmjob.model.layers.kernels.LstmGates",
                                "lstmjob.model.layers.Lstm",
                                "lstmjob.step.KeyBundler",
                                "lstmjob.step.StepOperator",
                                "org.apache.flink.streaming.runtime.io.StreamTaskNetworkInput")));
    }

    @Test
    void jacksonUnderTheDecoderIsDecode() {
        assertEquals(
                Category.DECODE,
                CostBreakdown.category(
                        "Source: samples (1/1)#0",
                        List.of(
                                "java.lang.Double",
                                "com.fasterxml.jackson.core.json.UTF8StreamJsonParser",
                                "lstmjob.codec.InputDecoder",
                                "lstmjob.step.DecodeFunction",
                                "org.apache.flink.connector.base.source.reader.SourceReaderBase")));
    }

    @Test
    void serializingForTheNextTaskIsTheShuffleEvenUnderTheDecoder() {
        assertEquals(
                Category.SHUFFLE,
                CostBreakdown.category(
                        "Source: samples (1/1)#0",
                        List.of(
                                "org.apache.flink.api.java.typeutils.runtime.PojoSerializer",
                                "org.apache.flink.runtime.io.network.api.writer.RecordWriter",
                                "org.apache.flink.streaming.runtime.io.RecordWriterOutput",
                                "lstmjob.step.DecodeFunction")));
        assertEquals(
                Category.SHUFFLE,
                CostBreakdown.category(
                        STEP_TASK,
                        List.of(
                                "org.apache.flink.core.memory.DataInputDeserializer",
                                "org.apache.flink.streaming.runtime.io.StreamTaskNetworkInput",
                                "org.apache.flink.streaming.runtime.tasks.StreamTask")));
    }

    @Test
    void rocksDbHeapStateAndOurSerializerAreState() {
        assertEquals(
                Category.STATE,
                CostBreakdown.category(
                        STEP_TASK,
                        List.of(
                                "org.rocksdb.RocksDB",
                                "org.apache.flink.contrib.streaming.state.RocksDBValueState",
                                "lstmjob.step.StepOperator$FlinkKeyStates")));
        assertEquals(
                Category.STATE,
                CostBreakdown.category(
                        STEP_TASK,
                        List.of(
                                "java.util.Arrays",
                                "lstmjob.state.StateSerializer",
                                "org.apache.flink.contrib.streaming.state.RocksDBValueState")));
        assertEquals(
                Category.STATE,
                CostBreakdown.category(
                        STEP_TASK,
                        List.of(
                                "java.lang.String",
                                "org.apache.flink.runtime.state.heap.CopyOnWriteStateMap",
                                "org.apache.flink.runtime.state.heap.HeapValueState",
                                "lstmjob.bench.NoModelStepOperator")));
    }

    @Test
    void encodeSinkAndFetch() {
        assertEquals(
                Category.ENCODE,
                CostBreakdown.category(
                        STEP_TASK,
                        List.of(
                                "java.lang.Float",
                                "lstmjob.codec.OutputEncoder",
                                "lstmjob.codec.EncodedRecord",
                                "lstmjob.step.StepOperator")));
        assertEquals(
                Category.SINK,
                CostBreakdown.category(
                        STEP_TASK,
                        List.of(
                                "org.apache.kafka.common.record.MemoryRecordsBuilder",
                                "org.apache.kafka.clients.producer.KafkaProducer",
                                "org.apache.flink.connector.kafka.sink.KafkaWriter",
                                "lstmjob.step.StepOperator")));
        assertEquals(
                Category.SINK,
                CostBreakdown.category(
                        "kafka-producer-network-thread | producer-3",
                        List.of(
                                "sun.nio.ch.SocketChannelImpl", "org.apache.kafka.common.network.Selector",
                                "org.apache.kafka.clients.NetworkClient",
                                        "org.apache.kafka.clients.producer.internals.Sender")));
        assertEquals(Category.SINK, CostBreakdown.category(STEP_TASK, List.of("lstmjob.bench.CountingSink$1")));
        assertEquals(
                Category.FETCH,
                CostBreakdown.category(
                        "Source Data Fetcher for Source: samples (1/1)#0",
                        List.of(
                                "org.apache.kafka.common.record.DefaultRecordBatch",
                                "org.apache.kafka.clients.consumer.internals.CompletedFetch",
                                "org.apache.kafka.clients.consumer.KafkaConsumer",
                                "org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader")));
    }

    @Test
    void theBrokerAndTheBenchsOwnClientsAreApart() {
        assertEquals(
                Category.BROKER,
                CostBreakdown.category(
                        "data-plane-kafka-request-handler-0",
                        List.of(
                                "java.nio.MappedByteBuffer", "org.apache.kafka.storage.internals.log.LogSegment",
                                "kafka.log.UnifiedLog", "kafka.server.KafkaApis")));
        // the bench's consumer runs the same client code as the job's source: only its thread tells them apart
        assertEquals(
                Category.BENCH_CLIENTS,
                CostBreakdown.category(
                        "bench-output-reader",
                        List.of(
                                "org.apache.kafka.clients.consumer.internals.CompletedFetch",
                                "org.apache.kafka.clients.consumer.KafkaConsumer",
                                "lstmjob.bench.OutputReader")));
        assertEquals(
                Category.BENCH_CLIENTS,
                CostBreakdown.category(
                        "kafka-producer-network-thread | lstm-job-bench-fixed-rate",
                        List.of("org.apache.kafka.clients.producer.internals.Sender")));
    }

    @Test
    void framesNoRuleNamesAreOther() {
        assertEquals(Category.OTHER, CostBreakdown.category("Checkpoint Timer", List.of("java.lang.Thread")));
        assertEquals(Category.OTHER, CostBreakdown.category(STEP_TASK, List.of()));
    }

    @Test
    void rowsGiveEachCategorysShareOfTheCpuPerRecord() {
        Map<Category, Long> samples = new EnumMap<>(Category.class);
        samples.put(Category.KERNEL, 3L);
        samples.put(Category.DECODE, 1L);
        List<BenchRow> rows = CostBreakdown.rows("operator, heap state", new CostBreakdown.Result(samples, 4, 1000));
        assertEquals(
                List.of(
                        BenchRow.of("breakdown", "operator, heap state: all, 4 samples", 1000, "ns/record"),
                        BenchRow.of("breakdown", "operator, heap state: decode, 25.0 % of samples", 250, "ns/record"),
                        BenchRow.of("breakdown", "operator, heap state: kernel, 75.0 % of samples", 750, "ns/record")),
                rows);
    }
}
