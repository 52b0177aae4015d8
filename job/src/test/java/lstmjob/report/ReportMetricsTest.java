package lstmjob.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lstmjob.codec.InputDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MAE and RMSE against values worked out by hand, and targets matched to the predictions they belong to. */
class ReportMetricsTest {

    @Test
    void maeAndRmseOfThreePairs() {
        ErrorStats e = new ErrorStats();
        e.add(1, 1); // error 0
        e.add(2, 3); // error -1
        e.add(4, 2); // error 2
        assertEquals(3, e.count());
        assertEquals(1.0, e.mae(), 1e-12, "(0 + 1 + 2) / 3");
        assertEquals(Math.sqrt(5.0 / 3.0), e.rmse(), 1e-12, "sqrt((0 + 1 + 4) / 3)");
    }

    @Test
    void noPairsHaveNoScore() {
        assertTrue(Double.isNaN(new ErrorStats().mae()));
        assertTrue(Double.isNaN(new ErrorStats().rmse()));
    }

    /**
     * Key a: a rejected line, a replayed seq, a record of two timesteps with an array target, an end; key b: no
     * seq, burn-in of one step after each reset (its first timestep has no prediction). The output lines are those
     * the job writes for this input with --burn-in-steps 1 for b's part, written out by hand.
     */
    @Test
    void targetsMeetTheirPredictions(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.write(
                input,
                List.of(
                        "{\"key\":\"a\",\"x\":[1],\"seq\":1,\"target\":1}",
                        "{\"key\":\"a\",\"x\":[1,2],\"seq\":2,\"target\":9}",
                        "{\"key\":\"a\",\"x\":[1],\"seq\":1,\"target\":7}",
                        "",
                        "{\"key\":\"a\",\"x\":[[1],[0]],\"seq\":2,\"target\":[[2],3],\"end\":true}",
                        "{\"key\":\"b\",\"x\":[0],\"target\":5}",
                        "{\"key\":\"b\",\"x\":[1],\"target\":[4]}",
                        "{\"key\":\"b\",\"type\":\"reset\"}",
                        "{\"key\":\"b\",\"x\":[1],\"target\":1}",
                        "{\"key\":\"b\",\"x\":[1],\"target\":\"two\"}",
                        "{\"key\":\"b\",\"x\":[1],\"target\":0}"),
                StandardCharsets.UTF_8);
        ReplayOutputs outputs = new ReplayOutputs(0);
        for (String line : List.of(
                "{\"type\":\"prediction\",\"key\":\"a\",\"seq\":1,\"step\":1,\"y\":[1.5]}",
                "{\"type\":\"prediction\",\"key\":\"a\",\"seq\":2,\"step\":2,\"y\":[2.0]}",
                "{\"type\":\"prediction\",\"key\":\"a\",\"seq\":2,\"step\":3,\"y\":[2.0]}",
                "{\"type\":\"reset\",\"key\":\"a\",\"steps\":3,\"reason\":\"end\"}",
                "{\"type\":\"prediction\",\"key\":\"b\",\"step\":2,\"y\":[3.0]}",
                "{\"type\":\"reset\",\"key\":\"b\",\"steps\":2,\"reason\":\"control\"}",
                "{\"type\":\"prediction\",\"key\":\"b\",\"step\":2,\"y\":[2.5]}",
                "{\"type\":\"prediction\",\"key\":\"b\",\"step\":3,\"y\":[2.5]}")) {
            outputs.add(line);
        }
        InputSteps in = InputSteps.read(input, "in.jsonl", new InputDecoder(1), new TargetParser(0));
        KeySeries a = outputs.byKey().get("a");
        KeySeries b = outputs.byKey().get("b");
        a.match(in.of("a"));
        b.match(in.of("b"));

        assertEquals(List.of(1.0, 2.0, 3.0), targets(a), "a: line 2 is rejected (1 feature expected), line 3 a replay");
        // a: errors 0.5, 0, -1
        assertEquals(1.5 / 3, a.errors().mae(), 1e-12);
        assertEquals(Math.sqrt(1.25 / 3), a.errors().rmse(), 1e-12);

        assertEquals(4.0, targets(b).get(0), "b's first prediction is of its second timestep (burn-in)");
        assertTrue(Double.isNaN(targets(b).get(1)), "b's target \"two\" is not a number: no target");
        assertEquals(0.0, targets(b).get(2));
        // b: errors -1, 2.5
        assertEquals(3.5 / 2, b.errors().mae(), 1e-12);
        assertEquals(Math.sqrt((1 + 6.25) / 2), b.errors().rmse(), 1e-12);
        assertEquals(1, in.badTargets());
        assertEquals(
                List.of("in.jsonl:10: target must be a number or an array of numbers"),
                in.targetProblems(),
                "the problem names its line");

        ErrorByStep byStep = new ErrorByStep();
        byStep.addAll(a.errorByStep());
        byStep.addAll(b.errorByStep());
        assertEquals(List.of(1L, 2L, 3L), List.of(box(byStep.steps())));
        // step 1: a 0.5; step 2: a 0 and b 1; step 3: a 1 and b 2.5
        double[] mae = byStep.mae();
        assertEquals(0.5, mae[0], 1e-12);
        assertEquals(0.5, mae[1], 1e-12);
        assertEquals(1.75, mae[2], 1e-12);
    }

    private static List<Double> targets(KeySeries s) {
        Double[] t = new Double[s.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = s.target(i);
        }
        return List.of(t);
    }

    private static Long[] box(long[] v) {
        Long[] b = new Long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }
}
