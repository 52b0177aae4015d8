package lstmjob.model;

import java.io.Serializable;

/**
 * One output of a model, as predictions write it: the output layer's name in the model file and the floats it gives
 * per timestep.
 */
public record ModelOutput(String name, int size) implements Serializable {

    /** As {@code inspect} shows it: "dense (3 per timestep)". */
    public String describe() {
        return name + " (" + size + " per timestep)";
    }
}
