package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer as a model file describes it, before any interpretation: its Keras class name, its name, its
 * config object (as written, snake_case keys; TF.js camelCase is converted by its reader), and its weights
 * in the order Keras lists {@code layer.weights} (for TimeDistributed, the wrapped layer's weights).
 */
public record LayerDescription(String className, String name, JsonNode config, List<Tensor> weights) {}
