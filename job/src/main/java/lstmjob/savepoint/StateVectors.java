package lstmjob.savepoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lstmjob.model.StateLayout;

/**
 * A key's flat state split into per-layer state vectors as the states files hold them ({@code h}, then {@code c}
 * for an LSTM; a causal convolution's past inputs, oldest first, as one member {@code inputs}), and assembled back
 * with every size checked against the model's layout.
 */
final class StateVectors {

    /**
     * One layer's state as a file gives it: h and c (null when absent), or a convolution's past inputs (null when
     * absent).
     */
    record Given(float[] h, float[] c, float[][] inputs) {}

    private StateVectors() {}

    /** The name of a recurrent layer's state vector {@code v}: Keras's order, h then c. */
    static String name(int v) {
        return StateLayout.Entry.recurrentMember(v);
    }

    /** Layer {@code e}'s state vector {@code v}, copied out of the flat state. */
    static float[] vector(StateLayout.Entry e, float[] flat, int v) {
        int from = e.offset() + v * e.size();
        return Arrays.copyOfRange(flat, from, from + e.size());
    }

    /** Every state vector of layer {@code e}, copied out of the flat state: for a convolution, its past inputs. */
    static float[][] vectors(StateLayout.Entry e, float[] flat) {
        float[][] out = new float[e.vectors()][];
        for (int v = 0; v < out.length; v++) {
            out[v] = vector(e, flat, v);
        }
        return out;
    }

    static String describe(StateLayout.Entry e) {
        if (e.holdsInputs()) {
            return "layer " + e.layerName() + " (" + e.layerType() + ", " + e.vectors() + " past input"
                    + (e.vectors() == 1 ? "" : "s") + " of " + e.size() + " channels)";
        }
        return "layer " + e.layerName() + " (" + e.layerType() + ", " + e.size() + " units)";
    }

    /**
     * One key's flat state from its per-layer states: {@code layers.get(i)} holds layer i's. {@code where} starts
     * every error message, e.g. {@code "states.jsonl line 3: key \"k\""}.
     */
    static float[] flatten(StateLayout layout, List<Given> layers, String where) {
        List<StateLayout.Entry> entries = layout.entries();
        if (layers.size() != entries.size()) {
            throw new StatesException(where + ": " + layers.size() + " state entr" + (layers.size() == 1 ? "y" : "ies")
                    + " given, the model has " + entries.size() + " stateful layer" + (entries.size() == 1 ? "" : "s")
                    + " " + names(entries));
        }
        float[] flat = new float[layout.floats()];
        for (int i = 0; i < entries.size(); i++) {
            StateLayout.Entry e = entries.get(i);
            float[][] vectors = e.holdsInputs() ? inputs(e, layers.get(i), where) : recurrent(e, layers.get(i), where);
            for (int v = 0; v < e.vectors(); v++) {
                System.arraycopy(vectors[v], 0, flat, e.offset() + v * e.size(), e.size());
            }
        }
        return flat;
    }

    private static float[][] recurrent(StateLayout.Entry e, Given given, String where) {
        if (given.inputs() != null) {
            throw new StatesException(where + ": " + describe(e) + " keeps h" + (e.vectors() == 2 ? " and c" : "")
                    + ", but inputs are given");
        }
        float[][] hc = {given.h(), given.c()};
        for (int v = 0; v < 2; v++) {
            float[] vec = hc[v];
            if (v >= e.vectors()) {
                if (vec != null) {
                    throw new StatesException(where + ": " + describe(e) + " keeps only h, but a c is given");
                }
                continue;
            }
            if (vec == null) {
                throw new StatesException(where + ": " + describe(e) + " needs " + name(v) + ", which is missing");
            }
            if (vec.length != e.size()) {
                throw new StatesException(where + ": " + describe(e) + ": " + name(v) + " has " + vec.length + " value"
                        + (vec.length == 1 ? "" : "s") + ", the layer needs " + e.size());
            }
        }
        return hc;
    }

    private static float[][] inputs(StateLayout.Entry e, Given given, String where) {
        if (given.h() != null || given.c() != null) {
            throw new StatesException(where + ": " + describe(e) + " keeps its past inputs, but "
                    + (given.h() != null ? "an h" : "a c") + " is given");
        }
        float[][] inputs = given.inputs();
        if (inputs == null) {
            throw new StatesException(
                    where + ": " + describe(e) + " needs " + StateLayout.INPUTS + ", which is missing");
        }
        if (inputs.length != e.vectors()) {
            throw new StatesException(where + ": " + describe(e) + ": " + StateLayout.INPUTS + " has " + inputs.length
                    + " vector" + (inputs.length == 1 ? "" : "s") + ", the layer needs " + e.vectors());
        }
        for (int v = 0; v < inputs.length; v++) {
            if (inputs[v].length != e.size()) {
                throw new StatesException(where + ": " + describe(e) + ": " + StateLayout.INPUTS + "[" + v + "] has "
                        + inputs[v].length + " value" + (inputs[v].length == 1 ? "" : "s") + ", the layer needs "
                        + e.size());
            }
        }
        return inputs;
    }

    static List<String> names(List<StateLayout.Entry> entries) {
        List<String> n = new ArrayList<>();
        for (StateLayout.Entry e : entries) {
            n.add(e.layerName());
        }
        return n;
    }
}
