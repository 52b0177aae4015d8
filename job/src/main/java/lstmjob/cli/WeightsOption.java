package lstmjob.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --weights FILE}, declared once for every command that takes a model file. */
public final class WeightsOption {

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "the weights (model.save_weights: .h5 or .weights.h5) of a Keras architecture JSON "
                    + "(model.to_json) given as --model")
    Path file;

    /** The weights file given, or null when the model file holds its weights. */
    public Path file() {
        return file;
    }
}
