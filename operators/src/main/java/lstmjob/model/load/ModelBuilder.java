package lstmjob.model.load;

import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;

/** Placeholder until the builder lands: turns a description into servable layers, or refuses it. */
public final class ModelBuilder {
    private ModelBuilder() {
    }

    public static Model build(ModelDescription d, String source) {
        throw new ModelLoadException(source + ": ModelBuilder is not implemented yet");
    }
}
