package lstmjob.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Dead letters counted by reason, and by key where the rejected record names one. */
final class DeadLetterCounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> byReason = new HashMap<>();
    private final Map<String, Long> byKey = new HashMap<>();
    private long total;

    /** One dead-letter line as replay writes it: {"error":..,"raw":..,"source":..}. */
    void add(String line) throws IOException {
        JsonNode d = JSON.readTree(line);
        byReason.merge(d.path("error").asText("(no reason)"), 1L, Long::sum);
        total++;
        String key = keyOf(d.path("raw").asText(""));
        if (key != null) {
            byKey.merge(key, 1L, Long::sum);
        }
    }

    /** The key of a rejected record, when it is a JSON object with a string key. */
    private static String keyOf(String raw) {
        try {
            JsonNode key = JSON.readTree(raw).get("key");
            return key != null && key.isTextual() && !key.asText().isEmpty() ? key.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null; // not JSON, or cut: the dead letter counts, but under no key
        }
    }

    long total() {
        return total;
    }

    Map<String, Long> byReason() {
        return byReason;
    }

    long ofKey(String key) {
        return byKey.getOrDefault(key, 0L);
    }

    Map<String, Long> byKey() {
        return byKey;
    }
}
