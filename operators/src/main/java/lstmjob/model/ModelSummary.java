package lstmjob.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lstmjob.model.layers.Layer;

/**
 * A text description of a model in the manner of Keras's {@code model.summary()}: its inputs (name, and features per
 * timestep or ids of a vocabulary) and outputs (name and size), one row per layer (name, type, output size, parameter
 * count), the total, and what serving it costs per key (its recurrent state) with the
 * state layout's fingerprint.
 */
public final class ModelSummary {

    private ModelSummary() {}

    /** The summary of a loaded model. */
    public static String of(Model m) {
        List<String[]> rows = new ArrayList<>();
        for (Layer l : m.layers()) {
            rows.add(new String[] {
                l.name() + " (" + l.type() + ")", Integer.toString(l.outputSize()), count(l.parameterCount())
            });
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(m.source()).append('\n');
        sb.append("Format: ")
                .append(m.format())
                // an ONNX model names its producer and opset where a Keras model names its Keras version
                .append(m.format().equals("onnx") ? ", exported by " : ", Keras version ")
                .append(m.kerasVersion())
                .append('\n');
        for (ModelInput input : m.inputs()) {
            sb.append("Input: ").append(input.describe()).append('\n');
        }
        for (ModelOutput output : m.outputs()) {
            sb.append("Output: ").append(output.describe()).append('\n');
        }
        sb.append('\n');
        table(sb, new String[] {"Layer (type)", "Output size", "Param #"}, rows);
        sb.append("Total params: ").append(count(m.parameterCount())).append('\n');
        StateLayout layout = m.stateLayout();
        sb.append("State per key: ")
                .append(count(layout.bytes()))
                .append(" bytes (")
                .append(count(layout.floats()))
                .append(" float32");
        for (StateLayout.Entry e : layout.entries()) {
            sb.append(e == layout.entries().get(0) ? ": " : ", ").append(e.layerName());
            if (e.holdsInputs()) {
                sb.append(" inputs ").append(e.vectors()).append(" × ").append(e.size());
            } else {
                sb.append(" h ").append(e.size());
                if (e.vectors() == 2) {
                    sb.append(" + c ").append(e.size());
                }
            }
        }
        sb.append(")\n");
        sb.append("State layout fingerprint: ").append(layout.fingerprint()).append('\n');
        for (String w : m.warnings()) {
            sb.append("Warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    /** Left-aligned first column, right-aligned others, framed by rules as Keras prints it. */
    public static void table(StringBuilder sb, String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        int total = 0;
        for (int w : width) {
            total += w;
        }
        total += 3 * (width.length - 1);
        row(sb, header, width);
        sb.append("=".repeat(total)).append('\n');
        for (String[] r : rows) {
            row(sb, r, width);
        }
        sb.append("=".repeat(total)).append('\n');
    }

    private static void row(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c == 0) {
                line.append(String.format(Locale.ROOT, "%-" + width[c] + "s", cells[c]));
            } else {
                line.append("   ").append(String.format(Locale.ROOT, "%" + width[c] + "s", cells[c]));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /** {@code n} with thousands separators, as Keras prints counts. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
