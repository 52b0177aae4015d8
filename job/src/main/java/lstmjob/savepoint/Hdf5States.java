package lstmjob.savepoint;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.StateLayout;

/**
 * Key states as HDF5, in the manner of a Keras user's {@code saveStates} (plain groups, datasets and attributes,
 * readable with h5py; docs/states.md shows the layout):
 * <pre>
 *   /                         attributes format, version, state_layout (the layout's fingerprint)
 *   /&lt;key&gt;/                   one group per key, its name the key encoded by {@link HdfNames}; attributes key
 *                             (the key as it is), step, seq (only when the key has one)
 *   /&lt;key&gt;/&lt;layer&gt;/           one group per stateful layer, named as the layer; attributes type, index
 *   /&lt;key&gt;/&lt;layer&gt;/h, c        float32 datasets of the layer's units (c for LSTM layers only)
 *   /&lt;key&gt;/&lt;layer&gt;/inputs      for a causal convolution instead: float32 (inputs, channels), its past inputs
 *                             oldest first
 * </pre>
 * Reading matches a layer's group by its name, else by its {@code index} attribute (a retrained model may name its
 * layers differently), and takes a vector of shape (units) or (1, units), as Keras's {@code layer.states} hold it.
 */
public final class Hdf5States {

    public static final String FORMAT = "lstm-job key states";
    public static final int VERSION = 1;

    private Hdf5States() {}

    public static void write(Path file, StateLayout layout, Iterable<KeyStateRecord> records) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putAttribute("format", FORMAT);
            f.putAttribute("version", VERSION);
            f.putAttribute("state_layout", layout.fingerprint());
            for (KeyStateRecord r : records) {
                WritableGroup g = f.putGroup(HdfNames.encode(r.key));
                g.putAttribute("key", r.key);
                g.putAttribute("step", r.steps);
                if (r.hasSeq) {
                    g.putAttribute("seq", r.lastSeq);
                }
                List<StateLayout.Entry> entries = layout.entries();
                for (int i = 0; i < entries.size(); i++) {
                    StateLayout.Entry e = entries.get(i);
                    WritableGroup lg = g.putGroup(HdfNames.encode(e.layerName()));
                    lg.putAttribute("type", e.layerType());
                    lg.putAttribute("index", i);
                    if (e.holdsInputs()) {
                        lg.putDataset(StateLayout.INPUTS, StateVectors.vectors(e, r.state));
                    } else {
                        for (int v = 0; v < e.vectors(); v++) {
                            lg.putDataset(StateVectors.name(v), StateVectors.vector(e, r.state, v));
                        }
                    }
                }
            }
        } catch (HdfException e) {
            throw new StatesException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads every key group of the file, checked against the layout; the first bad group is refused, naming it. */
    public static List<KeyStateRecord> read(Path file, StateLayout layout) {
        List<KeyStateRecord> out = new ArrayList<>();
        Map<String, String> groupOfKey = new HashMap<>();
        try (HdfFile f = new HdfFile(file)) {
            for (Node n : f) {
                String where = file.getFileName() + ": /" + n.getName();
                if (!(n instanceof Group g)) {
                    throw new StatesException(where + " is not a group: the file holds one group per key");
                }
                KeyStateRecord r = readKey(g, layout, where);
                String earlier = groupOfKey.putIfAbsent(r.key, "/" + g.getName());
                if (earlier != null) {
                    throw new StatesException(
                            where + ": key " + JsonLinesStates.quote(r.key) + " is already in group " + earlier);
                }
                out.add(r);
            }
        } catch (HdfException e) {
            throw new StatesException("cannot read " + file + " as HDF5: " + e.getMessage(), e);
        }
        return out;
    }

    private static KeyStateRecord readKey(Group g, StateLayout layout, String where) {
        String key;
        Attribute k = g.getAttribute("key");
        if (k != null) {
            if (!(k.getData() instanceof String s) || s.isEmpty()) {
                throw new StatesException(where + ": attribute key must be a non-empty string");
            }
            key = s;
        } else {
            try {
                key = HdfNames.decode(g.getName());
            } catch (IllegalArgumentException e) {
                throw new StatesException(
                        where + ": no key attribute, and the name is not an encoded key: " + e.getMessage());
            }
        }
        where = where + " (key " + JsonLinesStates.quote(key) + ")";
        Long step = integer(g, "step", where);
        if (step != null && step < 0) {
            throw new StatesException(where + ": attribute step must not be negative, got " + step);
        }
        Long seq = integer(g, "seq", where);
        List<StateLayout.Entry> entries = layout.entries();
        List<StateVectors.Given> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            StateLayout.Entry e = entries.get(i);
            Group lg = layerGroup(g, e, i);
            if (lg == null) {
                throw new StatesException(where + ": no group for " + StateVectors.describe(e) + ", stateful layer "
                        + (i + 1) + " of " + StateVectors.names(entries));
            }
            String at = where + ": " + lg.getName();
            layers.add(new StateVectors.Given(vector(lg, "h", at), vector(lg, "c", at), inputs(lg, at)));
        }
        int groups = 0;
        for (Node child : g) {
            groups += child instanceof Group ? 1 : 0;
        }
        if (groups != entries.size()) {
            throw new StatesException(where + ": " + groups + " layer groups, the model has " + entries.size()
                    + " stateful layer" + (entries.size() == 1 ? "" : "s") + " " + StateVectors.names(entries));
        }
        float[] flat = StateVectors.flatten(layout, layers, where);
        return new KeyStateRecord(
                key, flat, layout.tag(), step == null ? 0 : step, seq != null, seq == null ? 0 : seq, 0);
    }

    /** The layer's group: by its name, else the child whose {@code index} attribute is the layer's position. */
    private static Group layerGroup(Group key, StateLayout.Entry e, int index) {
        if (key.getChild(HdfNames.encode(e.layerName())) instanceof Group byName) {
            return byName;
        }
        for (Node child : key) {
            Attribute a = child.getAttribute("index");
            if (child instanceof Group lg && a != null && a.getData() instanceof Number n && n.longValue() == index) {
                return lg;
            }
        }
        return null;
    }

    private static float[] vector(Group layer, String name, String where) {
        Node n = layer.getChild(name);
        if (n == null) {
            return null;
        }
        if (!(n instanceof Dataset d)) {
            throw new StatesException(where + ": " + name + " is not a dataset");
        }
        int[] dims = d.getDimensions();
        boolean vectorShape = dims.length == 1 || (dims.length == 2 && dims[0] == 1);
        if (!vectorShape) {
            throw new StatesException(where + ": " + name + " has shape " + java.util.Arrays.toString(dims)
                    + "; a state vector has shape (units) or (1, units)");
        }
        return floats(d, name, where);
    }

    /** A convolution's past inputs: a dataset of shape (inputs, channels), oldest first; null when absent. */
    private static float[][] inputs(Group layer, String where) {
        String name = StateLayout.INPUTS;
        Node n = layer.getChild(name);
        if (n == null) {
            return null;
        }
        if (!(n instanceof Dataset d)) {
            throw new StatesException(where + ": " + name + " is not a dataset");
        }
        int[] dims = d.getDimensions();
        if (dims.length != 2) {
            throw new StatesException(where + ": " + name + " has shape " + java.util.Arrays.toString(dims)
                    + "; a convolution's past inputs have shape (inputs, channels)");
        }
        float[] flat = floats(d, name, where);
        float[][] rows = new float[dims[0]][];
        for (int v = 0; v < rows.length; v++) {
            rows[v] = java.util.Arrays.copyOfRange(flat, v * dims[1], (v + 1) * dims[1]);
        }
        return rows;
    }

    private static float[] floats(Dataset d, String name, String where) {
        Object data = d.getDataFlat();
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] dd) {
            float[] f = new float[dd.length];
            for (int i = 0; i < dd.length; i++) {
                f[i] = (float) dd[i];
                if (!Float.isFinite(f[i])) {
                    throw new StatesException(
                            where + ": " + name + "[" + i + "] is not a finite float32 number: " + dd[i]);
                }
            }
            return f;
        }
        throw new StatesException(where + ": " + name + " holds "
                + d.getJavaType().getSimpleName() + " values; a state vector holds floats (float32 or float64)");
    }

    private static Long integer(Group g, String name, String where) {
        Attribute a = g.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new StatesException(where + ": attribute " + name + " must be an integer, got " + v);
    }
}
