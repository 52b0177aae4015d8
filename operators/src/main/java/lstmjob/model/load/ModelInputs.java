package lstmjob.model.load;

import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelInput;

/** What each input of a model file takes: ids when it feeds an Embedding directly (a row per id), else features. */
final class ModelInputs {

    private static final String EMBEDDING = "Embedding";

    private ModelInputs() {}

    /** Every input of the description, in its order. */
    static List<ModelInput> of(ModelDescription d) {
        List<ModelInput> inputs = new ArrayList<>();
        for (int i = 0; i < d.inputs().size(); i++) {
            ModelDescription.Input in = d.inputs().get(i);
            LayerDescription embedding = embeddingReading(d, in.name(), i == 0);
            inputs.add(
                    embedding != null
                            ? ModelInput.ids(
                                    in.name(),
                                    embedding.config().path("input_dim").asInt())
                            : ModelInput.features(in.name(), in.features()));
        }
        return inputs;
    }

    /** The first Embedding that reads the input directly, or null. */
    private static LayerDescription embeddingReading(ModelDescription d, String input, boolean first) {
        for (int i = 0; i < d.layers().size(); i++) {
            LayerDescription ld = d.layers().get(i);
            boolean reads =
                    ld.inbound() == null ? first && i == 0 : ld.inbound().contains(input);
            if (reads && EMBEDDING.equals(ld.className())) {
                return ld;
            }
        }
        return null;
    }

    /** The shape flowing from an input into the layers that read it. */
    static Shape shape(ModelInput input) {
        return input.takesIds() ? Shape.ids(input.size()) : Shape.timesteps(input.size());
    }
}
