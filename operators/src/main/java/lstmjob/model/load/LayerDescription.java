package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer as a model file describes it, before any interpretation: its Keras class name, its name, its
 * config object (as written, snake_case keys; TF.js camelCase is converted by its reader), its weights
 * in the order Keras lists {@code layer.weights} (for TimeDistributed, the wrapped layer's weights), and where it
 * sits in the model's graph.
 *
 * @param id      the tensor it outputs, as {@code inbound} lists of other layers: its name, prefixed with the names
 *                of the models it is nested in ({@code encoder/lstm})
 * @param inbound the tensors it reads, in order (other layers' ids or the model's input names); null for the layer
 *                before it in the list (the model's input for the first): a chain
 */
public record LayerDescription(
        String className, String name, JsonNode config, List<Tensor> weights, String id, List<String> inbound) {

    /** A layer of a chain: it reads the layer before it. */
    public LayerDescription(String className, String name, JsonNode config, List<Tensor> weights) {
        this(className, name, config, weights, name, null);
    }
}
