package lstmjob.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Replay's output lines, per key: predictions (the plotted output dimension) and resets. */
final class ReplayOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int output;
    private final Map<String, KeySeries> byKey = new LinkedHashMap<>();
    private final Map<String, Long> resetsByReason = new LinkedHashMap<>();

    ReplayOutputs(int output) {
        this.output = output;
    }

    /** One output line: a prediction or a reset record of the contract. */
    void add(String line) throws IOException {
        JsonNode o = JSON.readTree(line);
        String key = o.path("key").asText();
        switch (o.path("type").asText()) {
            case "prediction" -> {
                JsonNode seq = o.get("seq");
                series(key)
                        .addPrediction(
                                o.path("step").asLong(),
                                seq != null,
                                seq == null ? 0 : seq.asLong(),
                                value(o.path("y")).floatValue());
            }
            case "reset" -> {
                series(key).addReset();
                resetsByReason.merge(o.path("reason").asText(), 1L, Long::sum);
            }
            default -> {}
        }
    }

    /**
     * The plotted dimension of {@code y}: an index into its array, or, for a model with several outputs (an object by
     * output name), into their vectors one after the other.
     */
    private JsonNode value(JsonNode y) {
        if (!y.isObject()) {
            return y.path(output);
        }
        int i = output;
        for (JsonNode member : y) {
            if (i < member.size()) {
                return member.path(i);
            }
            i -= member.size();
        }
        return y.path(output); // beyond y: missing, as for an array
    }

    private KeySeries series(String key) {
        return byKey.computeIfAbsent(key, KeySeries::new);
    }

    Map<String, KeySeries> byKey() {
        return byKey;
    }

    Map<String, Long> resetsByReason() {
        return resetsByReason;
    }
}
