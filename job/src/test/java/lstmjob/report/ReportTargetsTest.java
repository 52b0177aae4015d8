package lstmjob.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The target member's forms: a number or an array like y per timestep, and an array of them for several. */
class ReportTargetsTest {

    private static double[] parse(int output, String record, int steps) throws TargetParser.BadTargetException {
        return new TargetParser(output).parse(record.getBytes(StandardCharsets.UTF_8), steps);
    }

    @Test
    void readsEachForm() throws TargetParser.BadTargetException {
        assertNull(parse(0, "{\"key\":\"k\",\"x\":[1]}", 1), "no target");
        assertNull(parse(0, "{\"key\":\"k\",\"x\":[1],\"target\":null}", 1), "a null target is none");
        assertArrayEquals(new double[] {2.5}, parse(0, "{\"key\":\"k\",\"x\":[1],\"target\":2.5}", 1));
        assertArrayEquals(
                new double[] {7},
                parse(1, "{\"key\":\"k\",\"x\":[1],\"target\":[6,7,8]}", 1),
                "an array like y: the plotted output's value");
        assertArrayEquals(new double[] {1, 4}, parse(1, "{\"key\":\"k\",\"x\":[[1],[0]],\"target\":[[0,1],[3,4]]}", 2));
        assertArrayEquals(
                new double[] {1, 2},
                parse(0, "{\"key\":\"k\",\"x\":[[1],[0]],\"target\":[1,2]}", 2),
                "several timesteps of a one-output model: a number each");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0 | 2 | [1,2,3]   | the record has 2 timesteps: target must be an array of 2 values, one per timestep",
                "0 | 2 | 5         | the record has 2 timesteps: target must be an array of 2 values, one per timestep",
                "2 | 1 | [1,2]     | target has 2 values, the report plots output 2 (--report-output)",
                "1 | 1 | 3         | "
                        + "target is one number, the report plots output 1 (--report-output): give an array like y",
                "0 | 1 | \"3\"     | target must be a number or an array of numbers",
                "0 | 1 | 1e400     | target is not finite",
                "0 | 1 | {}        | target must be a number or an array of numbers",
            })
    void refusesWhatItCannotUse(int output, int steps, String target, String message) {
        String record = "{\"key\":\"k\",\"target\":" + target + "}";
        assertEquals(
                message,
                assertThrows(TargetParser.BadTargetException.class, () -> parse(output, record, steps))
                        .getMessage());
    }
}
