package lstmjob.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The shape of one key's state: for each layer with state, in model order, how many state vectors of how many
 * floats (LSTM: h then c; GRU and SimpleRNN: h; a causal convolution: its last (kernel size - 1) · dilation
 * inputs, oldest first, each of its input channels). A key's state is one flat float array in that order. The
 * fingerprint covers types, vector counts and sizes only (not layer names), so a retrained model of the same
 * architecture continues the saved states, and a convolution that keeps a different number of past inputs, or of
 * other channels, does not.
 */
public final class StateLayout implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The layer types whose state vectors are their past inputs (a causal convolution), not h and c. */
    private static final java.util.Set<String> PAST_INPUTS = java.util.Set.of("Conv1D", "Convolution1D");

    /** The member that holds a causal convolution's past inputs in state reports, set-state records and files. */
    public static final String INPUTS = "inputs";

    /** One layer's part of the state, starting at {@code offset} in the flat array. */
    public record Entry(String layerName, String layerType, int vectors, int size, int offset)
            implements java.io.Serializable {
        public int floats() {
            return vectors * size;
        }

        /**
         * Whether the vectors are the layer's past inputs, oldest first (shown as one member, {@link #INPUTS}, of
         * {@link #vectors()} rows), rather than a recurrent layer's h (and c).
         */
        public boolean holdsInputs() {
            return PAST_INPUTS.contains(layerType);
        }

        /** The member a recurrent layer's vector {@code v} goes by: h, then c (Keras's order). */
        public static String recurrentMember(int v) {
            return v == 0 ? "h" : "c";
        }

        public String describe() {
            return layerName + " (" + layerType + ", " + vectors + " × " + size + ")";
        }
    }

    private final List<Entry> entries;
    private final int floats;
    private final String fingerprint;
    private final int tag;

    public StateLayout(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        int n = 0;
        StringBuilder canonical = new StringBuilder();
        for (Entry e : this.entries) {
            n += e.floats();
            canonical
                    .append(e.layerType())
                    .append(':')
                    .append(e.vectors())
                    .append('x')
                    .append(e.size())
                    .append(';');
        }
        this.floats = n;
        this.fingerprint = sha256Prefix(canonical.toString());
        this.tag = (int) Long.parseUnsignedLong(fingerprint.substring(0, 8), 16); // read per record: computed once
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Floats in one key's state. */
    public int floats() {
        return floats;
    }

    /** Bytes of state per key, as stored (float32). */
    public int bytes() {
        return floats * Float.BYTES;
    }

    /** The fingerprint's first 32 bits: stored with every key's state, to tell which layout wrote it. */
    public int tag() {
        return tag;
    }

    /** Rebuilds a layout from its entries' names, types, vector counts and sizes (offsets follow from them). */
    public static StateLayout of(List<String[]> nameAndType, List<int[]> vectorsAndSize) {
        java.util.List<Entry> entries = new java.util.ArrayList<>();
        int offset = 0;
        for (int i = 0; i < nameAndType.size(); i++) {
            int[] vs = vectorsAndSize.get(i);
            entries.add(new Entry(nameAndType.get(i)[0], nameAndType.get(i)[1], vs[0], vs[1], offset));
            offset += vs[0] * vs[1];
        }
        return new StateLayout(entries);
    }

    /** 16 hex digits identifying the layout; equal layouts have equal fingerprints. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Human-readable differences to another layout, e.g. for refusing a model upgrade; empty when equal. */
    public String differences(StateLayout other) {
        StringBuilder sb = new StringBuilder();
        int n = Math.max(entries.size(), other.entries.size());
        for (int i = 0; i < n; i++) {
            Entry a = i < entries.size() ? entries.get(i) : null;
            Entry b = i < other.entries.size() ? other.entries.get(i) : null;
            boolean same = a != null
                    && b != null
                    && a.layerType().equals(b.layerType())
                    && a.vectors() == b.vectors()
                    && a.size() == b.size();
            if (!same) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append("stateful layer ")
                        .append(i + 1)
                        .append(": ")
                        .append(a == null ? "none" : a.describe())
                        .append(" vs ")
                        .append(b == null ? "none" : b.describe());
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (Entry e : entries) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.describe());
        }
        return sb.append("] ").append(fingerprint).toString();
    }

    private static String sha256Prefix(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
