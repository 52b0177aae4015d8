package lstmjob.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lstmjob.model.Model;
import lstmjob.model.ModelFilesException;
import lstmjob.model.ModelLoadException;
import lstmjob.model.ModelSummary;
import lstmjob.model.load.DescriptionSummary;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.ModelDescription;
import lstmjob.model.load.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inspect MODEL}: a summary in the manner of Keras's {@code model.summary()} and whether the model can be
 * served one timestep at a time. Exit code 0 when servable, 1 when not, 2 on a usage error (no such file, an
 * architecture JSON without --weights, --weights beside a whole model).
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Describe a model file and tell whether it can be served (exit 0) or not (exit 1).")
public final class InspectCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "a .keras, .h5, TF.js model.json or .onnx file, or a Keras architecture JSON with --weights")
    Path model;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "the weights (model.save_weights: .h5 or .weights.h5) of a Keras architecture JSON "
                    + "(model.to_json) given as MODEL")
    Path weights;

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
        readable("MODEL", model);
        if (weights != null) {
            readable("--weights", weights);
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        LoadLimits limits = allowNonFiniteWeights ? LoadLimits.DEFAULT.allowingNonFiniteWeights() : LoadLimits.DEFAULT;
        try {
            Model m = Models.load(model, weights, limits);
            out.print(ModelSummary.of(m));
            out.println("Servable: yes");
            out.flush();
            return 0;
        } catch (ModelFilesException usage) {
            throw new ParameterException(spec.commandLine(), usage.getMessage(), usage);
        } catch (ModelLoadException refused) {
            try {
                ModelDescription d = Models.describe(model, weights, limits);
                out.print(DescriptionSummary.of(d, Models.source(model, weights)));
            } catch (ModelLoadException unreadable) {
                out.println("Model: " + Models.source(model, weights));
            }
            out.println("Servable: no: " + refused.getMessage());
            out.flush();
            return 1;
        }
    }

    /** A file that is not there, or not a file that can be read, is a usage error: nothing to inspect. */
    private void readable(String what, Path file) {
        if (!Files.exists(file)) {
            throw new ParameterException(spec.commandLine(), what + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), what + " " + file + ": not a readable file");
        }
    }
}
