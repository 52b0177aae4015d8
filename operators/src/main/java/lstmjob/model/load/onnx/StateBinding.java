package lstmjob.model.load.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.load.onnx.GraphWalker.Binding;
import lstmjob.model.load.onnx.Value.FinalState;

/**
 * Pairs each state input of a one-timestep export with the state output that feeds it back: the input's layer l
 * starts recurrent node n_l, and its output must be the final states of n_0, n_1, … in that order (what the
 * PyTorch exporter writes as {@code Slice} of the input per layer and {@code Concat} of {@code Y_h} or
 * {@code Y_c}). Paired, both vanish from the model's inputs and outputs: the key's state carries them. When
 * several outputs hold those states, the one named by {@link #outputNames} is the pair.
 */
final class StateBinding {

    private StateBinding() {}

    /**
     * @param bindings    the recurrent nodes' initial states that state inputs feed
     * @param stateInputs every state input: its layers
     * @param stateOutputs every graph output that is recurrent state: its final states in order
     * @return why the wiring cannot be served, one sentence per problem; empty when it can
     */
    static List<String> check(
            List<Binding> bindings, Map<String, Integer> stateInputs, Map<String, List<FinalState>> stateOutputs) {
        List<String> problems = new ArrayList<>();
        Map<String, Binding[]> byInput = new LinkedHashMap<>();
        stateInputs.forEach((name, layers) -> byInput.put(name, new Binding[layers]));
        for (Binding b : bindings) {
            Binding[] layers = byInput.get(b.stateInput());
            if (b.layer() >= layers.length) {
                problems.add("state input '" + b.stateInput() + "' has no layer " + b.layer());
            } else if (layers[b.layer()] != null) {
                problems.add(
                        "layer " + b.layer() + " of state input '" + b.stateInput() + "' starts two recurrent nodes");
            } else {
                layers[b.layer()] = b;
            }
        }
        for (Map.Entry<String, Binding[]> e : byInput.entrySet()) {
            String input = e.getKey();
            List<String> feeding = new ArrayList<>();
            for (Map.Entry<String, List<FinalState>> out : stateOutputs.entrySet()) {
                if (feedsBack(e.getValue(), out.getValue())) {
                    feeding.add(out.getKey());
                }
            }
            if (feeding.isEmpty()) {
                problems.add("state input '" + input + "' is not fed back by any output: export the new state as an "
                        + "output holding, layer by layer, the final states (Y_h or Y_c) of the recurrent nodes the "
                        + "input starts (named " + String.join(" or ", quoted(outputNames(input)))
                        + "), or let those nodes start from zeros (no initial state input)");
            } else if (feeding.size() > 1) {
                if (outputNames(input).stream().noneMatch(feeding::contains)) {
                    problems.add("state input '" + input + "' is fed back by several outputs ("
                            + String.join(", ", quoted(feeding)) + "): name the one that feeds it back "
                            + String.join(" or ", quoted(outputNames(input))));
                }
            }
        }
        return problems;
    }

    /**
     * The names of the output that feeds a state input back, when several hold its states, the first present
     * chosen: {@code <name>_out}
     * (PyTorch exports as {@code gru_h} / {@code gru_h_out}), {@code <name>_in} → {@code <name>_out}, and a
     * trailing {@code 0} → {@code n} ({@code h0} → {@code hn}, {@code c0} → {@code cn}, as PyTorch names them).
     */
    static List<String> outputNames(String input) {
        List<String> names = new ArrayList<>();
        names.add(input + "_out");
        if (input.endsWith("_in")) {
            names.add(input.substring(0, input.length() - 3) + "_out");
        }
        if (input.endsWith("0")) {
            names.add(input.substring(0, input.length() - 1) + "n");
        }
        return names;
    }

    private static List<String> quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").toList();
    }

    private static boolean feedsBack(Binding[] layers, List<FinalState> out) {
        if (out.size() != layers.length) {
            return false;
        }
        for (int l = 0; l < layers.length; l++) {
            Binding b = layers[l];
            FinalState s = out.get(l);
            if (b == null || b.node() != s.node() || b.vector() != s.vector()) {
                return false;
            }
        }
        return true;
    }
}
