package lstmjob.model;

import java.io.Serializable;

/**
 * What a model's input takes per timestep, as records must write it: a vector of features, or one id (a whole
 * number below the vocabulary size, for a model that starts with an Embedding).
 *
 * @param name the input's name in the model file, for messages
 * @param size features per timestep, or the vocabulary size of an id input
 */
public record ModelInput(String name, Kind kind, int size) implements Serializable {

    public enum Kind {
        /** A vector of {@code size} numbers per timestep. */
        FEATURES,
        /** One id in {@code 0 <= id < size} per timestep. */
        IDS
    }

    public static ModelInput features(String name, int size) {
        return new ModelInput(name, Kind.FEATURES, size);
    }

    public static ModelInput ids(String name, int vocabulary) {
        return new ModelInput(name, Kind.IDS, vocabulary);
    }

    public boolean takesIds() {
        return kind == Kind.IDS;
    }

    /** Floats per timestep that the model reads: the features, or the one id. */
    public int floats() {
        return takesIds() ? 1 : size;
    }

    /** As {@code inspect} shows it: "price (features, 3 per timestep)", or "tokens (ids, vocabulary 5000)". */
    public String describe() {
        return name + " (" + (takesIds() ? "ids, vocabulary " + size : "features, " + size + " per timestep") + ")";
    }
}
