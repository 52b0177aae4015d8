package lstmjob.cli;

import picocli.CommandLine.Command;

/** {@code inspect}: placeholder until ModelSummary lands. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Describe a model file.")
public final class InspectCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("inspect is not implemented yet");
    }
}
