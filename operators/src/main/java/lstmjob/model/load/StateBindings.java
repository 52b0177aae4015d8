package lstmjob.model.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model built to carry its recurrent state across calls: a recurrent layer takes its initial state from extra
 * inputs ({@code initial_state}) and returns its state as extra outputs ({@code return_state}). Served one timestep
 * at a time, that state is the key's state: those inputs and outputs are bound to it and vanish from the model's
 * inputs and outputs (a reset starts the layer from zeros, as zero initial states would).
 */
final class StateBindings {

    private static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU");

    /** Per recurrent layer id, the inputs giving its initial state, in order. */
    private final Map<String, List<String>> initialStates = new LinkedHashMap<>();
    /** Per bound input, the layer whose initial state it gives. */
    private final Map<String, String> boundInputs = new LinkedHashMap<>();

    private final Set<String> recurrentLayers = new java.util.HashSet<>();

    private StateBindings() {}

    static StateBindings of(ModelDescription d) {
        StateBindings b = new StateBindings();
        Set<String> inputs = new java.util.HashSet<>();
        d.inputs().forEach(i -> inputs.add(i.name()));
        for (LayerDescription ld : d.layers()) {
            if (!RECURRENT.contains(ld.className())) {
                continue;
            }
            b.recurrentLayers.add(ld.id());
            if (ld.inbound() == null || ld.inbound().size() < 2) {
                continue;
            }
            List<String> extra = ld.inbound().subList(1, ld.inbound().size());
            if (inputs.containsAll(extra)) {
                b.initialStates.put(ld.id(), List.copyOf(extra));
                extra.forEach(in -> b.boundInputs.put(in, ld.name()));
            }
        }
        return b;
    }

    /** Whether the input gives a recurrent layer's initial state. */
    boolean bound(String input) {
        return boundInputs.containsKey(input);
    }

    /** The layer whose initial state the input gives. */
    String layerOf(String input) {
        return boundInputs.get(input);
    }

    /** The inputs giving the layer's initial state; empty when it starts from zeros. */
    List<String> initialState(String layerId) {
        return initialStates.getOrDefault(layerId, List.of());
    }

    /** Whether {@code tensor} is a state that a recurrent layer returns (its output #1, #2 ...). */
    boolean returnedState(String tensor) {
        return KerasGraph.outputOf(tensor) > 0 && recurrentLayers.contains(KerasGraph.layerOf(tensor));
    }

    /** The inputs that stay the model's: every input not bound to a state. */
    List<ModelDescription.Input> unbound(List<ModelDescription.Input> inputs) {
        List<ModelDescription.Input> out = new ArrayList<>();
        for (ModelDescription.Input in : inputs) {
            if (!bound(in.name())) {
                out.add(in);
            }
        }
        return out;
    }
}
