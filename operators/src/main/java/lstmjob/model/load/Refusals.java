package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers of a model that cannot be served, for one message: those that block serving one timestep at a time
 * first (they decide), then those refused for another reason (an unsupported layer, a bad weight); layers of one
 * class refused for the same reason are named together ({@code layers 'conv1d', 'conv1d_1' (Conv1D): why}), in
 * the order the model has them.
 */
final class Refusals {

    private final Map<String, List<String>> blocking = new LinkedHashMap<>();
    private final Map<String, List<String>> others = new LinkedHashMap<>();
    private int count;

    void add(String name, String className, String reason, boolean blocks) {
        (blocks ? blocking : others)
                .computeIfAbsent("(" + className + "): " + reason, r -> new ArrayList<>())
                .add(name);
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    /** Every refused layer with its reason, as {@code layer 'x' (Flatten): why; layers 'a', 'b' (Conv1D): why}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Map<String, List<String>> group : List.of(blocking, others)) {
            group.forEach((reason, names) -> parts.add(
                    (names.size() == 1 ? "layer '" : "layers '") + String.join("', '", names) + "' " + reason));
        }
        return String.join("; ", parts);
    }

    /** The layers of a model config that block serving it one timestep at a time. */
    static Refusals blockingIn(List<JsonNode> layers) {
        Refusals r = new Refusals();
        for (JsonNode layer : layers) {
            String className = layer.path("class_name").asText();
            String why = UnservableLayers.whyBlocking(className, new LayerConfig(layer.path("config")));
            if (why != null) {
                r.add(KerasModelConfig.name(layer), className, why, true);
            }
        }
        return r;
    }
}
