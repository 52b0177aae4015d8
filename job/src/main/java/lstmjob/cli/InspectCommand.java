package lstmjob.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.ModelSummary;
import lstmjob.model.load.DescriptionSummary;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.ModelDescription;
import lstmjob.model.load.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inspect MODEL}: a summary in the manner of Keras's {@code model.summary()} and whether the model can be
 * served one timestep at a time. Exit code 0 when servable, 1 when not, 2 on a usage error.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Describe a model file and tell whether it can be served (exit 0) or not (exit 1).")
public final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "a .keras, .h5, TF.js model.json or .onnx file")
    Path model;

    @Option(
            names = "--allow-non-finite-weights",
            description = "tell whether the model could be served with "
                    + "--allow-non-finite-weights: weights holding NaN or infinite values are then a warning, "
                    + "not a refusal")
    boolean allowNonFiniteWeights;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        try {
            LoadLimits limits =
                    allowNonFiniteWeights ? LoadLimits.DEFAULT.allowingNonFiniteWeights() : LoadLimits.DEFAULT;
            Model m = Models.load(model, limits);
            out.print(ModelSummary.of(m));
            out.println("Servable: yes");
            out.flush();
            return 0;
        } catch (ModelLoadException refused) {
            try {
                ModelDescription d = Models.describe(model);
                out.print(DescriptionSummary.of(d, model.toString()));
            } catch (ModelLoadException unreadable) {
                out.println("Model: " + model);
            }
            out.println("Servable: no: " + refused.getMessage());
            out.flush();
            return 1;
        }
    }
}
