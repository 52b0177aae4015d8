package lstmjob.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import lstmjob.cli.ExtraCommand;
import lstmjob.cli.WeightsOption;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: how fast the user's model serves here. The kernel and the JSON codec alone, the keyed operator with heap and with
 * RocksDB state, and the job end to end through Kafka (at-least-once and exactly-once): one table on stdout, the
 * same as JSON in {@code --out}, a progress bar on stderr.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measure the model here: the kernel and the JSON codec alone, the keyed operator (heap and RocksDB state), and "
                    + "the job end to end through Kafka (at-least-once and exactly-once). Prints one table and writes "
                    + "it as JSON.",
            "Give the JVM --add-modules jdk.incubator.vector, or the kernel runs in plain Java."
        })
public final class BenchCommand implements Callable<Integer>, ExtraCommand {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "model file: .keras, .h5, TF.js model.json or .onnx (with --make-model: where to write one)")
    Path model;

    @Mixin
    WeightsOption weights;

    @Option(
            names = "--make-model",
            paramLabel = "SPEC",
            description = "first write a model with random weights to --model, e.g. lstm:32,input:8 "
                    + "(lstm:UNITS,input:FEATURES[,dense:OUTPUTS][,seed:N]): a TF.js model.json, or for a path "
                    + "ending in .onnx the ONNX file PyTorch exports of nn.LSTM and nn.Linear")
    String makeModel;

    @Option(
            names = "--keys",
            paramLabel = "N",
            defaultValue = "100000",
            description = "distinct keys the samples cycle over (default ${DEFAULT-VALUE})")
    int keys;

    @Option(
            names = "--state",
            paramLabel = "heap|rocksdb",
            description = "only this state backend (default: the operator with both, end to end with the job's, "
                    + "rocksdb unless configured)")
    String state;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "each measurement's length, after its warm-up (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "measure end to end through this Kafka (default: a broker started in this JVM); the "
                    + "bench creates its own topics there and deletes them after")
    String bootstrapServers;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "bench.json",
            description = "where to write the table as JSON (default ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--parts",
            paramLabel = "LIST",
            split = ",",
            defaultValue = "kernel,operator,end-to-end",
            description = "what to measure, of kernel, operator, end-to-end (default ${DEFAULT-VALUE})")
    List<String> parts;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description = "checkpoint interval end to end; exactly-once output is readable at each checkpoint "
                    + "(default ${DEFAULT-VALUE}; the operator rows use the job's setting)")
    String checkpointInterval;

    @Option(
            names = "--records",
            paramLabel = "N",
            description = "samples pre-filled for the sustained rate (default 150,000 × seconds, at least --keys)")
    Long records;

    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "samples/s produced for the latency figures (default: half the sustained rate)")
    Double rate;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the job's settings file, e.g. conf/job.yaml (default: the built-in defaults)")
    Path config;

    @Option(
            names = "--job-setting",
            paramLabel = "KEY=VALUE",
            description = "a job setting as the flags of `run` name it (repeatable), e.g. bundle-size=1")
    Map<String, String> jobSettings = new LinkedHashMap<>();

    @Option(
            names = "--flink",
            paramLabel = "KEY=VALUE",
            description = "a Flink configuration key for every bench job (repeatable), "
                    + "e.g. state.backend.rocksdb.use-bloom-filter=false")
    Map<String, String> flinkSettings = new LinkedHashMap<>();

    @Option(
            names = "--breakdown",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "profile each operator and end-to-end window with JFR and print where a record's time "
                    + "goes (default on; --no-breakdown turns it off)")
    boolean breakdown;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = plan();
        if (makeModel != null) {
            ModelSpec ms;
            try {
                ms = ModelSpec.parse(makeModel);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            String file = model.getFileName().toString();
            if (file.endsWith(".onnx")) {
                OnnxModelWriter.write(ms, model);
            } else if (file.endsWith(".json")) {
                TfjsModelWriter.write(ms, model);
            } else {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--make-model writes a TF.js model or an ONNX model: give --model a path ending in .json or "
                                + ".onnx");
            }
        }
        String command = "lstm-job "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        BenchReport report;
        try (BenchProgress progress =
                noProgress ? BenchProgress.none() : BenchProgress.on(System.err, plan.plannedSeconds())) {
            report = Bench.run(plan, command, progress);
        }
        BenchJson.write(report, out);
        PrintWriter w = spec.commandLine().getOut();
        w.print(BenchTable.render(report));
        w.println();
        w.println("wrote " + out);
        w.flush();
        return 0;
    }

    private BenchPlan plan() {
        CommandLine cl = spec.commandLine();
        if (state != null && !state.equals("heap") && !state.equals("rocksdb")) {
            throw new CommandLine.ParameterException(cl, "--state must be heap or rocksdb, got '" + state + "'");
        }
        if (!(seconds > 0)) {
            throw new CommandLine.ParameterException(cl, "--seconds must be positive");
        }
        if (keys < 1) {
            throw new CommandLine.ParameterException(cl, "--keys must be at least 1");
        }
        if (records != null && records < 1 || rate != null && !(rate > 0)) {
            throw new CommandLine.ParameterException(cl, "--records and --rate must be positive");
        }
        Duration interval;
        try {
            interval = TimeUtils.parseDuration(checkpointInterval);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--checkpoint-interval: " + e.getMessage());
        }
        Set<BenchPlan.Part> selected = EnumSet.noneOf(BenchPlan.Part.class);
        for (String p : parts) {
            try {
                selected.add(BenchPlan.Part.parse(p));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--parts: " + e.getMessage());
            }
        }
        List<String> operatorStates = state != null ? List.of(state) : new ArrayList<>(List.of("heap", "rocksdb"));
        return new BenchPlan(
                model,
                weights.file(),
                keys,
                Duration.ofMillis(Math.round(seconds * 1000)),
                operatorStates,
                state,
                bootstrapServers,
                interval,
                config,
                jobSettings,
                flinkSettings,
                records,
                rate,
                selected,
                breakdown);
    }
}
