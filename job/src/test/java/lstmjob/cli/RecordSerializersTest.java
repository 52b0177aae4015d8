package lstmjob.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lstmjob.codec.EncodedRecord;
import lstmjob.config.JobConfig;
import lstmjob.model.Model;
import lstmjob.pipeline.Environments;
import lstmjob.pipeline.KafkaJob;
import lstmjob.pipeline.ReplayJob;
import lstmjob.state.OnStateMismatch;
import lstmjob.step.ModelSource;
import lstmjob.step.StepOptions;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * No record of the jobs falls back to Kryo: every type that crosses an operator has Flink's own serializer, and the
 * environments the commands create have generic types off, so a future fallback fails here and not in a user's job.
 */
class RecordSerializersTest {

    private static final Path CASE = Path.of("../operators/src/test/resources/oracle/case-7");
    private static final ModelSource SOURCE = ModelSource.of(CASE.resolve("model.keras"));
    private static final Model MODEL = SOURCE.load();
    private static final StepOptions BUNDLING =
            new StepOptions(0, null, OnStateMismatch.FAIL, 64, Duration.ofMillis(5));

    @Test
    void theKafkaJobsRecordsHaveFlinksOwnSerializers() {
        JobConfig c = JobConfig.resolve(
                null, Map.of("model", CASE.resolve("model.keras").toString()));
        assertFalse(Environments.configuration(c, false).get(PipelineOptions.GENERIC_TYPES));
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(Environments.configuration(c, true));
        KafkaJob.build(env, c, SOURCE, MODEL);
        assertNoGenericTypes(env, env.getTransformations());
    }

    @Test
    void replayRunsWithGenericTypesOff() throws Exception {
        StreamExecutionEnvironment env = ReplayCommand.localEnvironment(1);
        assertTrue(env.getConfig().getSerializerConfig().hasGenericTypesDisabled());
        DataStream<EncodedRecord> replay = ReplayJob.build(
                env,
                CASE.resolve("stream.invalid.jsonl").toAbsolutePath(),
                "in",
                SOURCE,
                MODEL,
                1 << 20,
                1024,
                BUNDLING);
        assertNoGenericTypes(env, List.of(replay.getTransformation()));

        long[] counts = new long[EncodedRecord.Target.values().length];
        try (CloseableIterator<EncodedRecord> records = replay.executeAndCollect("replay")) {
            records.forEachRemaining(r -> counts[r.target().ordinal()]++);
        }
        assertEquals(lines("expected.jsonl"), counts[EncodedRecord.Target.OUTPUT.ordinal()]);
        assertEquals(lines("expected.dead.jsonl"), counts[EncodedRecord.Target.DEAD_LETTERS.ordinal()]);
    }

    private static long lines(String file) throws Exception {
        return Files.readAllLines(CASE.resolve(file), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .count();
    }

    /**
     * Every transformation's output type up to {@code roots}, and the step's key type, get a serializer with
     * generic types off.
     */
    private static void assertNoGenericTypes(StreamExecutionEnvironment env, List<Transformation<?>> roots) {
        SerializerConfig config = env.getConfig().getSerializerConfig();
        assertTrue(config.hasGenericTypesDisabled(), "generic types are off");
        Set<Transformation<?>> all = new LinkedHashSet<>();
        for (Transformation<?> t : roots) {
            all.addAll(t.getTransitivePredecessors());
        }
        assertTrue(all.stream().anyMatch(t -> t.getName().equals("step")), "the step is in " + all);
        for (Transformation<?> t : all) {
            assertTypeHasFlinksSerializer(t.getName(), t.getOutputType(), config);
            if (t instanceof OneInputTransformation<?, ?> o && o.getStateKeyType() != null) {
                assertTypeHasFlinksSerializer(t.getName() + " key", o.getStateKeyType(), config);
            }
        }
    }

    private static void assertTypeHasFlinksSerializer(String name, TypeInformation<?> type, SerializerConfig config) {
        assertFalse(type instanceof GenericTypeInfo, name + " is a generic type (Kryo): " + type);
        // a generic type nested in a POJO or an array fails here
        assertDoesNotThrow(() -> type.createSerializer(config), name + ": " + type);
    }
}
