package lstmjob.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lstmjob.model.Model;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.Models;
import lstmjob.savepoint.StatesException;
import lstmjob.savepoint.StatesExport;
import lstmjob.savepoint.StatesImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code states export} / {@code states import}: the keys' recurrent states of a savepoint of the job, offline, with
 * Flink's State Processor API (docs/states.md). A refusal (a savepoint of another model, a bad line, wrong sizes) is
 * one line on stderr and exit code 1; usage errors exit with 2.
 */
@Command(
        name = "states",
        mixinStandardHelpOptions = true,
        description = "Export the keys' states from a savepoint of the job, or import states into a new savepoint.",
        subcommands = {StatesCommand.Export.class, StatesCommand.Import.class})
public final class StatesCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: export or import");
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write every key's state in a savepoint to FILE: JSON Lines, or HDF5 when FILE ends in .h5.")
    public static final class Export implements Callable<Integer> {

        @Option(names = "--savepoint", required = true, paramLabel = "DIR", description = "a savepoint of the job")
        String savepoint;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "states file: .jsonl or .h5")
        Path out;

        @Mixin
        ModelAndParallelism common;

        @Override
        public Integer call() throws Exception {
            try {
                StatesExport.Result r = StatesExport.run(savepoint, common.model(), out, common.parallelism);
                PrintWriter o = common.spec.commandLine().getOut();
                o.printf("exported %d key state%s to %s%n", r.keys(), r.keys() == 1 ? "" : "s", out);
                if (r.skipped() > 0) {
                    o.printf(
                            "left out %d key%s whose state an earlier model wrote (the job resets them when they "
                                    + "next appear)%n",
                            r.skipped(), r.skipped() == 1 ? "" : "s");
                }
                o.flush();
                return 0;
            } catch (StatesException refused) {
                return refuse(common.spec, refused);
            }
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Write the key states of FILE (JSON Lines, or HDF5 when it ends in .h5) into a new savepoint "
                    + "the job can start from; with --from-savepoint, everything else of that savepoint is kept.")
    public static final class Import implements Callable<Integer> {

        @Option(names = "--in", required = true, paramLabel = "FILE", description = "states file: .jsonl or .h5")
        Path in;

        @Option(
                names = "--out-savepoint",
                required = true,
                paramLabel = "DIR",
                description = "the new savepoint: a new or empty directory")
        String outSavepoint;

        @Option(
                names = "--from-savepoint",
                paramLabel = "DIR",
                description = "a savepoint of the job whose other keys and operators the new savepoint keeps")
        String fromSavepoint;

        @Mixin
        ModelAndParallelism common;

        @Override
        public Integer call() throws Exception {
            try {
                StatesImport.Result r =
                        StatesImport.run(in, common.model(), outSavepoint, fromSavepoint, common.parallelism);
                PrintWriter o = common.spec.commandLine().getOut();
                o.printf(
                        "imported %d key state%s into %s%s%n",
                        r.imported(),
                        r.imported() == 1 ? "" : "s",
                        outSavepoint,
                        r.fromSavepoint() ? ", keeping the rest of " + fromSavepoint : "");
                o.flush();
                return 0;
            } catch (StatesException refused) {
                return refuse(common.spec, refused);
            }
        }
    }

    /** What export and import both take: the job's model, and the batch job's parallelism. */
    static final class ModelAndParallelism {

        @Option(
                names = "--model",
                required = true,
                paramLabel = "M",
                description = "the model the job runs (or ran) with: .keras, .h5, TF.js model.json, .onnx, or a "
                        + "Keras architecture JSON with --weights")
        Path model;

        @Option(
                names = "--weights",
                paramLabel = "W",
                description = "the weights (model.save_weights: .h5 or .weights.h5) of a Keras architecture JSON "
                        + "given as --model")
        Path weights;

        /** The model loaded as the job loads it. */
        Model model() {
            return Models.load(model, weights, LoadLimits.DEFAULT);
        }

        @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1", description = "default 1")
        int parallelism;

        @Spec(Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;
    }

    private static int refuse(CommandLine.Model.CommandSpec spec, StatesException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + e.getMessage());
        err.flush();
        return 1;
    }
}
