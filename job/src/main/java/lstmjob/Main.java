package lstmjob;

import java.util.ServiceLoader;
import lstmjob.cli.DemoCommand;
import lstmjob.cli.ExtraCommand;
import lstmjob.cli.InspectCommand;
import lstmjob.cli.ReplayCommand;
import lstmjob.cli.RunCommand;
import lstmjob.cli.StatesCommand;
import lstmjob.cli.UserErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lstm-job.jar}: serve a Keras/TF.js recurrent model per key on Kafka; replay, demo, inspect, states, and
 * the subcommands found on the class path ({@link ExtraCommand}, e.g. bench).
 */
@Command(
        name = "lstm-job",
        mixinStandardHelpOptions = true,
        version = "lstm-job 0.1.0",
        description = "Serves a trained Keras or TensorFlow.js LSTM/GRU/SimpleRNN model on a keyed stream.",
        subcommands = {
            RunCommand.class,
            ReplayCommand.class,
            DemoCommand.class,
            InspectCommand.class,
            StatesCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command line with the project's error handling: user errors print one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setExecutionExceptionHandler(new UserErrors());
        for (ExtraCommand extra : ServiceLoader.load(ExtraCommand.class)) {
            cl.addSubcommand(extra);
        }
        return cl;
    }

    @Override
    public void run() {
        String names = String.join(", ", spec.subcommands().keySet()).replaceFirst(", ([^,]*)$", " or $1");
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: " + names);
    }
}
