package lstmjob.model.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers of a model that cannot be served, for one message: layers of one class refused for the same reason
 * are named together ({@code layers 'conv1d', 'conv1d_1' (Conv1D): why}), in the order the model has them.
 */
final class Refusals {

    private final Map<String, List<String>> namesByReason = new LinkedHashMap<>();
    private int count;

    void add(String name, String className, String reason) {
        namesByReason.computeIfAbsent("(" + className + "): " + reason, r -> new ArrayList<>()).add(name);
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
        namesByReason.forEach((reason, names) -> parts.add((names.size() == 1 ? "layer '" : "layers '")
                + String.join("', '", names) + "' " + reason));
        return String.join("; ", parts);
    }

    /** The layers of a model config that block serving it one timestep at a time. */
    static Refusals blockingIn(List<com.fasterxml.jackson.databind.JsonNode> layers) {
        Refusals r = new Refusals();
        for (var layer : layers) {
            String className = layer.path("class_name").asText();
            String why = UnservableLayers.whyBlocking(className, new LayerConfig(layer.path("config")));
            if (why != null) {
                r.add(KerasModelConfig.name(layer), className, why);
            }
        }
        return r;
    }
}
