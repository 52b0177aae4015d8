package lstmjob.savepoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lstmjob.model.StateLayout;

/**
 * A key's flat state split into per-layer state vectors ({@code h}, then {@code c} for an LSTM), as the states
 * files hold them, and assembled back with every size checked against the model's layout.
 */
final class StateVectors {

    private StateVectors() {}

    /** The name of a layer's state vector {@code v}: Keras's order, h then c. */
    static String name(int v) {
        return v == 0 ? "h" : "c";
    }

    /** Layer {@code e}'s state vector {@code v}, copied out of the flat state. */
    static float[] vector(StateLayout.Entry e, float[] flat, int v) {
        int from = e.offset() + v * e.size();
        return Arrays.copyOfRange(flat, from, from + e.size());
    }

    static String describe(StateLayout.Entry e) {
        return "layer " + e.layerName() + " (" + e.layerType() + ", " + e.size() + " units)";
    }

    /**
     * One key's flat state from its per-layer vectors: {@code layers.get(i)} holds layer i's h and c (null when
     * absent). {@code where} starts every error message, e.g. {@code "states.jsonl line 3: key \"k\""}.
     */
    static float[] flatten(StateLayout layout, List<float[][]> layers, String where) {
        List<StateLayout.Entry> entries = layout.entries();
        if (layers.size() != entries.size()) {
            throw new StatesException(where + ": " + layers.size() + " state entr" + (layers.size() == 1 ? "y" : "ies")
                    + " given, the model has " + entries.size() + " recurrent layer" + (entries.size() == 1 ? "" : "s")
                    + " " + names(entries));
        }
        float[] flat = new float[layout.floats()];
        for (int i = 0; i < entries.size(); i++) {
            StateLayout.Entry e = entries.get(i);
            float[][] given = layers.get(i);
            for (int v = 0; v < 2; v++) {
                float[] vec = given[v];
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
                    throw new StatesException(where + ": " + describe(e) + ": " + name(v) + " has " + vec.length
                            + " value" + (vec.length == 1 ? "" : "s") + ", the layer needs " + e.size());
                }
                System.arraycopy(vec, 0, flat, e.offset() + v * e.size(), e.size());
            }
        }
        return flat;
    }

    static List<String> names(List<StateLayout.Entry> entries) {
        List<String> n = new ArrayList<>();
        for (StateLayout.Entry e : entries) {
            n.add(e.layerName());
        }
        return n;
    }
}
