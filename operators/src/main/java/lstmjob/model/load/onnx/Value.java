package lstmjob.model.load.onnx;

import java.util.List;

/**
 * What the loader knows of one ONNX tensor, as it walks the graph: a constant, a vector computed per key and
 * timestep ({@link Flow}), or a part of the recurrent state. Only these shapes of tensors are servable one
 * timestep at a time.
 */
sealed interface Value {

    /** Known when loading. */
    record Const(ConstTensor tensor) implements Value {}

    /**
     * {@code size} floats per key and timestep, computed by node {@code node} of the {@link FlowGraph}. {@code axes}
     * names the ONNX tensor's axes in order: {@code B} the batch (keys), {@code S} an axis of extent one per
     * timestep (the time axis, a direction axis, an added axis), {@code F} the {@code size} features.
     */
    record Flow(int node, int size, String axes) implements Value {
        Flow withAxes(String newAxes) {
            return new Flow(node, size, newAxes);
        }

        /** The same tensor as another node computes it (a bias added, an activation applied). */
        Flow withNode(int newNode) {
            return new Flow(newNode, size, axes);
        }

        int featureAxis() {
            return axes.indexOf('F');
        }
    }

    /** A graph input of ids, before the Embedding ({@code Gather}) that reads it. */
    record Ids(String name) implements Value {}

    /** A graph input of recurrent state, {@code [layers, batch, size]}: fed back from a state output. */
    record StateInput(String name, int layers, int size) implements Value {}

    /** Layer {@code layer} of a state input ({@code Slice} on axis 0), {@code [1, batch, size]}. */
    record StateSlice(StateInput input, int layer) implements Value {}

    /** Zeros in the shape of a recurrent state, made from the batch size: the state a key starts with. */
    record ZeroState() implements Value {}

    /** A recurrent node's final state ({@code Y_h}: vector 0, {@code Y_c}: vector 1), {@code [1, batch, size]}. */
    record FinalState(int node, int vector, int size, String onnxNode) implements Value {}

    /** The final states of several recurrent nodes concatenated on axis 0, {@code [layers, batch, size]}. */
    record FinalStates(List<FinalState> parts) implements Value {}

    /**
     * A step of a pointwise function being spelled out in elementary operators (exact GELU is
     * {@code x·0.5·(1 + erf(x/√2))}): servable only once complete.
     */
    record Partial(Kind kind, Flow x, String onnxNode) implements Value {
        enum Kind {
            /** x / √2 (or x · (1/√2)). */
            X_OVER_SQRT2,
            /** erf(x / √2). */
            ERF,
            /** 1 + erf(x / √2). */
            ONE_PLUS_ERF,
            /** x · (1 + erf(x / √2)). */
            X_ONE_PLUS_ERF,
            /** x · 0.5. */
            HALF_X
        }
    }

    /** A secondary output the loader does not compute ({@code what} it is): refused where something reads it. */
    record Unserved(String what) implements Value {}

    /** What follows from a node that was refused: not reported again. */
    record Unknown() implements Value {}
}
