package lstmjob.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The output read from Kafka against an uninterrupted replay of the same input, per key and step: a step the
 * replay has and Kafka not is lost, one Kafka has more than once is doubled, one whose y differs by more than
 * {@link #TOLERANCE} (relative, at least absolute) is miscomputed. A y within the tolerance but not equal to the
 * bit is counted apart: the job bundles keys differently from run to run, and a bundled step may sum in another
 * order than a one-key step, which can change the last bit of a float32 (about 1e-7 relative).
 */
record Verification(
        long expected,
        long read,
        long lost,
        long doubled,
        long miscomputed,
        long unexpected,
        long bitEqual,
        long withinTolerance,
        String firstProblem) {

    static final double TOLERANCE = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean passed() {
        return expected > 0 && lost == 0 && doubled == 0 && miscomputed == 0 && unexpected == 0;
    }

    /** Compares {@code replayOutput} (replay's output file) with the predictions read, by key. */
    static Verification compare(Path replayOutput, Map<String, KeyOutputs> actual) throws IOException {
        Map<String, Steps> steps = new HashMap<>();
        actual.forEach((key, outputs) -> steps.put(key, new Steps(outputs)));
        long expected = 0;
        long lost = 0;
        long miscomputed = 0;
        long bitEqual = 0;
        long within = 0;
        String first = null;
        try (BufferedReader in = Files.newBufferedReader(replayOutput, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode o = JSON.readTree(line);
                if (!"prediction".equals(o.path("type").asText())) {
                    continue;
                }
                expected++;
                String key = o.path("key").asText();
                int step = o.path("step").asInt();
                Steps got = steps.get(key);
                int i = got == null ? -1 : got.indexOf(step);
                if (i < 0) {
                    lost++;
                    first = first != null ? first : key + " step " + step + " is missing";
                    continue;
                }
                got.expected[step] = true;
                switch (compareY(o.path("y"), got.outputs, i)) {
                    case 0 -> bitEqual++;
                    case 1 -> within++;
                    default -> {
                        miscomputed++;
                        first = first != null
                                ? first
                                : key + " step " + step + ": y " + got.show(i) + ", replay " + o.path("y");
                    }
                }
            }
        }
        long doubled = 0;
        long unexpected = 0;
        long read = 0;
        for (Map.Entry<String, Steps> e : steps.entrySet()) {
            Steps s = e.getValue();
            read += s.outputs.count();
            for (int step = 0; step < s.occurrences.length; step++) {
                if (s.occurrences[step] > 1) {
                    doubled += s.occurrences[step] - 1;
                    first = first != null
                            ? first
                            : e.getKey() + " step " + step + " came " + s.occurrences[step] + " times";
                }
                if (s.occurrences[step] > 0 && !s.expected[step]) {
                    unexpected += s.occurrences[step];
                    first = first != null ? first : e.getKey() + " step " + step + " is not in the replay";
                }
            }
        }
        return new Verification(expected, read, lost, doubled, miscomputed, unexpected, bitEqual, within, first);
    }

    /** 0: equal to the bit; 1: within the tolerance; 2: otherwise (or another width). */
    private static int compareY(JsonNode y, KeyOutputs got, int i) {
        if (y.size() != got.width()) {
            return 2;
        }
        int result = 0;
        for (int j = 0; j < y.size(); j++) {
            float want = (float) y.get(j).asDouble();
            float have = got.y(i, j);
            if (Float.floatToIntBits(want) != Float.floatToIntBits(have)) {
                if (Math.abs(want - have) > TOLERANCE * Math.max(1.0, Math.abs(want))) {
                    return 2;
                }
                result = 1;
            }
        }
        return result;
    }

    /** One key's predictions indexed by step: how often each came and where the first one is. */
    private static final class Steps {

        final KeyOutputs outputs;
        final int[] occurrences;
        final int[] firstIndex;
        final boolean[] expected;

        Steps(KeyOutputs outputs) {
            this.outputs = outputs;
            int max = 0;
            for (int i = 0; i < outputs.count(); i++) {
                max = Math.max(max, outputs.step(i));
            }
            occurrences = new int[max + 1];
            firstIndex = new int[max + 1];
            expected = new boolean[max + 1];
            for (int i = outputs.count() - 1; i >= 0; i--) {
                int step = Math.max(0, outputs.step(i));
                occurrences[step]++;
                firstIndex[step] = i;
            }
        }

        int indexOf(int step) {
            return step > 0 && step < occurrences.length && occurrences[step] > 0 ? firstIndex[step] : -1;
        }

        String show(int i) {
            StringBuilder s = new StringBuilder("[");
            for (int j = 0; j < outputs.width(); j++) {
                s.append(j == 0 ? "" : ",").append(outputs.y(i, j));
            }
            return s.append(']').toString();
        }
    }
}
