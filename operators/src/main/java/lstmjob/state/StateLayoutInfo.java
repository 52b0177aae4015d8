package lstmjob.state;

import java.io.Serializable;
import lstmjob.model.StateLayout;

/**
 * What the state serializer and its snapshot remember of the model's state layout: the fingerprint that
 * decides compatibility, the float count, and a readable description for error messages.
 */
public record StateLayoutInfo(String fingerprint, int floats, String description) implements Serializable {

    public static StateLayoutInfo of(StateLayout layout) {
        return new StateLayoutInfo(layout.fingerprint(), layout.floats(), layout.toString());
    }
}
