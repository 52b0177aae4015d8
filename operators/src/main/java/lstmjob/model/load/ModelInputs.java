package lstmjob.model.load;

import lstmjob.model.ModelInput;

/** What a model file's input takes: ids when its first layer is an Embedding (a row per id), else features. */
final class ModelInputs {

    private static final String EMBEDDING = "Embedding";

    private ModelInputs() {}

    /** @param features the features per timestep the file states, for an input that takes features */
    static ModelInput of(ModelDescription d, int features) {
        if (!d.layers().isEmpty() && EMBEDDING.equals(d.layers().get(0).className())) {
            return ModelInput.ids(
                    d.inputName(), d.layers().get(0).config().path("input_dim").asInt());
        }
        return ModelInput.features(d.inputName(), features);
    }

    /** The shape flowing into the first layer. */
    static Shape shape(ModelInput input) {
        return input.takesIds() ? Shape.ids(input.size()) : Shape.timesteps(input.size());
    }
}
