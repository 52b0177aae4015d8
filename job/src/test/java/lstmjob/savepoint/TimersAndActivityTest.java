package lstmjob.savepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lstmjob.model.Model;
import lstmjob.pipeline.Environments;
import lstmjob.step.StepOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an import keeps of a savepoint besides the states: each kept key's last activity and processing-time
 * timers (the job's idle expiry) as they were; an overwritten key's activity and timers too, so its expiry stays
 * as scheduled; a new key is active from the import on, with no timer.
 */
class TimersAndActivityTest {

    @TempDir
    Path dir;

    @Test
    void importKeepsActivityAndTimersOfTheSavepointsKeys() throws Exception {
        Model model = TestStates.model(TestStates.LSTM_GRU);
        KeyStateRecord kept = withActivity(TestStates.record("kept", 1, 4, 4L), 1_000L, 61_000L);
        KeyStateRecord overwritten = withActivity(TestStates.record("overwritten", 2, 9, 9L), 2_000L, 62_000L, 99_000L);
        String from = dir.resolve("from").toUri().toString();
        StreamExecutionEnvironment env = BatchEnvironment.create(1);
        SavepointWriter.newSavepoint(env, new HashMapStateBackend(), Environments.MAX_PARALLELISM)
                .withOperator(
                        StepSavepoint.STEP,
                        OperatorTransformation.bootstrapWith(env.fromData(
                                        List.of(kept, overwritten), TypeInformation.of(KeyStateRecord.class)))
                                .keyBy(r -> r.key, Types.STRING)
                                .transform(new KeyStateWriter(StepOperator.stateDescriptor(model))))
                .write(from);
        env.execute("a savepoint with timers");

        KeyStateRecord replacement = TestStates.record("overwritten", 3, 1, null);
        KeyStateRecord added = TestStates.record("added", 4, 2, 2L);
        Path in = dir.resolve("in.jsonl");
        StatesFiles.write(in, model.stateLayout(), List.of(replacement, added).iterator());
        long before = System.currentTimeMillis();
        StatesImport.run(
                in,
                lstmjob.model.load.Models.load(TestStates.LSTM_GRU),
                dir.resolve("to").toString(),
                from,
                1);
        long after = System.currentTimeMillis();

        Map<String, KeyStateRecord> to =
                TestStates.byKey(read(model, dir.resolve("to").toUri().toString()));
        assertEquals(List.of("added", "kept", "overwritten"), new ArrayList<>(to.keySet()));

        TestStates.assertSameState(kept, to.get("kept"));
        assertEquals(1_000L, to.get("kept").lastActive);
        assertArrayEquals(new long[] {61_000L}, to.get("kept").timers);

        TestStates.assertSameState(replacement, to.get("overwritten"));
        assertEquals(2_000L, to.get("overwritten").lastActive, "the savepoint's activity time");
        assertArrayEquals(new long[] {62_000L, 99_000L}, to.get("overwritten").timers);

        TestStates.assertSameState(added, to.get("added"));
        assertTrue(
                to.get("added").lastActive >= before && to.get("added").lastActive <= after,
                "a new key is active from the import on: " + to.get("added").lastActive);
        assertArrayEquals(new long[0], to.get("added").timers);
    }

    private static KeyStateRecord withActivity(KeyStateRecord r, long lastActive, long... timers) {
        r.lastActive = lastActive;
        r.timers = timers;
        return r;
    }

    private static List<KeyStateRecord> read(Model model, String savepoint) throws Exception {
        StreamExecutionEnvironment env = BatchEnvironment.create(1);
        List<KeyStateRecord> out = new ArrayList<>();
        try (CloseableIterator<KeyStateRecord> it = SavepointReader.read(env, savepoint, new HashMapStateBackend())
                .readKeyedState(
                        StepSavepoint.STEP,
                        new KeyStateReader(StepOperator.stateDescriptor(model)),
                        Types.STRING,
                        TypeInformation.of(KeyStateRecord.class))
                .executeAndCollect("read back")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
