package lstmjob.state;

import lstmjob.model.StateLayout;

/** The saved key states were written by a model whose recurrent state has another shape than the current model's. */
public final class StateLayoutMismatchException extends IllegalStateException {

    public StateLayoutMismatchException(StateLayout saved, StateLayout current) {
        super("the saved key states were written by a model with another state layout (saved vs this model: "
                + saved.differences(current) + "); use the model that wrote them, or start every such key from zeros "
                + "with --on-state-mismatch reset");
    }
}
