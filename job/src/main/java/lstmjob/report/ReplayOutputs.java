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
                                o.path("y").path(output).floatValue());
            }
            case "reset" -> {
                series(key).addReset();
                resetsByReason.merge(o.path("reason").asText(), 1L, Long::sum);
            }
            default -> {}
        }
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
