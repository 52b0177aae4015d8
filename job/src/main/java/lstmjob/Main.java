package lstmjob;

import lstmjob.cli.BenchCommand;
import lstmjob.cli.DemoCommand;
import lstmjob.cli.InspectCommand;
import lstmjob.cli.ReplayCommand;
import lstmjob.cli.RunCommand;
import lstmjob.cli.StatesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lstm-job.jar}: serve a Keras/TF.js recurrent model per key on Kafka; replay, demo, inspect, states, bench. */
@Command(name = "lstm-job", mixinStandardHelpOptions = true, version = "lstm-job 0.1.0",
        description = "Serves a trained Keras or TensorFlow.js LSTM/GRU/SimpleRNN model on a keyed stream.",
        subcommands = {RunCommand.class, ReplayCommand.class, DemoCommand.class, InspectCommand.class,
                StatesCommand.class, BenchCommand.class})
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
        return new CommandLine(new Main()).setExecutionExceptionHandler(new lstmjob.cli.UserErrors());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: run, replay, demo, inspect, states or bench");
    }
}
