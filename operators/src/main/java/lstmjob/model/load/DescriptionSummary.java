package lstmjob.model.load;

import static lstmjob.model.ModelSummary.count;
import static lstmjob.model.ModelSummary.table;

import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelInput;
import lstmjob.model.ModelSummary;

/**
 * A model file's layers as the file describes them, in the manner of {@link ModelSummary}, for a model that could
 * not be built.
 */
public final class DescriptionSummary {

    private DescriptionSummary() {}

    /**
     * The layers of a model file as the file describes them, for a model that could not be built: class, name,
     * and the shapes of the weights found.
     */
    public static String of(ModelDescription d, String source) {
        List<String[]> rows = new ArrayList<>();
        long total = 0;
        for (LayerDescription l : d.layers()) {
            long params = 0;
            List<String> shapes = new ArrayList<>();
            for (Tensor t : l.weights()) {
                params += t.data().length;
                shapes.add(t.shapeString());
            }
            total += params;
            rows.add(new String[] {l.name() + " (" + l.className() + ")", String.join(" ", shapes), count(params)});
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(source).append('\n');
        sb.append("Format: ")
                .append(d.format())
                .append(", Keras version ")
                .append(d.kerasVersion())
                .append('\n');
        ModelInput input = ModelInputs.of(d).get(0);
        sb.append("Input: ")
                .append(input.takesIds() || input.size() > 0 ? input.describe() : input.name() + " (size not stated)")
                .append('\n');
        sb.append('\n');
        table(sb, new String[] {"Layer (type)", "Weights", "Param #"}, rows);
        sb.append("Total params: ").append(count(total)).append('\n');
        return sb.toString();
    }
}
