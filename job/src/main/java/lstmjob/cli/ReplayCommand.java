package lstmjob.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputDecoder;
import lstmjob.config.JobConfig;
import lstmjob.model.Model;
import lstmjob.pipeline.ReplayJob;
import lstmjob.report.BacktestReport;
import lstmjob.report.ReportSettings;
import lstmjob.step.ModelSource;
import lstmjob.step.StepOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay}: the job's decode → keyBy → step → encode path over JSON Lines, in a local MiniCluster. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        modelTransformer = JobOptions.ForReplay.class,
        description = "Replay a JSON Lines file of samples through the model, as the Kafka job would.")
public final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description =
                    "model file: .keras, .h5, TF.js model.json, .onnx, or a Keras architecture JSON with --weights")
    Path model;

    @Mixin
    WeightsOption weights;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "IN.jsonl",
            description = "samples, one JSON object per line; - for stdin")
    String input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "OUT.jsonl",
            description = "predictions and resets; - for stdout")
    String output;

    @Option(
            names = "--dead-letters",
            paramLabel = "DEAD.jsonl",
            description =
                    "rejected records (default: OUT.dead-letters.jsonl beside the output; stderr when the output is "
                            + "stdout)")
    String deadLetters;

    @Option(
            names = "--states",
            paramLabel = "STATES.jsonl",
            description =
                    "answers to get-state records (default: OUT.states.jsonl beside the output; stderr when the output "
                            + "is stdout)")
    String states;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1", description = "default 1")
    int parallelism;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--report",
            paramLabel = "FILE.html",
            description = "also write a backtest report: one self-contained HTML file of charts and scores, "
                    + "against the inputs' target fields when they have them")
    Path report;

    @Option(
            names = "--report-keys",
            paramLabel = "N",
            defaultValue = "" + ReportSettings.DEFAULT_KEYS,
            description = "chart the N busiest keys (default ${DEFAULT-VALUE}); the report names the others")
    int reportKeys;

    @Option(
            names = "--report-output",
            paramLabel = "I",
            defaultValue = "0",
            description = "the output dimension (index into y) the report plots and scores (default 0)")
    int reportOutput;

    @Override
    public Integer call() throws Exception {
        JobConfig settings = JobConfig.withoutFile(JobOptions.given(spec));
        ModelSource source = ModelSource.of(model, weights.file(), settings.loadLimits());
        Model m = source.load();
        if (report == null && (reportKeys != ReportSettings.DEFAULT_KEYS || reportOutput != 0)) {
            throw new JobConfig.ConfigException("--report-keys and --report-output need --report FILE.html");
        }
        StepOptions options = settings.stepOptions(m);
        if (report != null && options.topK() > 0) {
            throw new JobConfig.ConfigException("--report scores the whole y: it does not go with --top-k");
        }
        BacktestReport backtest = report == null ? null : new BacktestReport(reportSettings(m));
        Path in = stage(input);
        try (OutputStream out = open(output, System.out);
                OutputStream dead = open(beside(deadLetters, "dead-letters"), System.err);
                OutputStream stateOut = open(beside(states, "states"), System.err)) {
            StreamExecutionEnvironment env = localEnvironment(parallelism);
            long[] counts = new long[EncodedRecord.Target.values().length];
            String name =
                    "-".equals(input) ? "stdin" : Path.of(input).getFileName().toString();
            try (CloseableIterator<EncodedRecord> records = ReplayJob.build(
                            env, in, name, source, m, settings.maxRecordBytes(), settings.maxKeyBytes(), options)
                    .executeAndCollect("replay " + name)) {
                while (records.hasNext()) {
                    EncodedRecord r = records.next();
                    OutputStream w = switch (r.target()) {
                        case OUTPUT -> out;
                        case STATES -> stateOut;
                        case DEAD_LETTERS -> dead;
                    };
                    w.write(r.value());
                    w.write('\n');
                    counts[r.target().ordinal()]++;
                    if (backtest != null && r.target() == EncodedRecord.Target.OUTPUT) {
                        backtest.acceptOutput(new String(r.value(), StandardCharsets.UTF_8));
                    } else if (backtest != null && r.target() == EncodedRecord.Target.DEAD_LETTERS) {
                        backtest.acceptDeadLetter(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            if (backtest != null) {
                backtest.write(
                        in,
                        name,
                        model.getFileName().toString(),
                        new InputDecoder(
                                m.inputs(), settings.maxRecordBytes(), settings.maxKeyBytes(), m.stateLayout()));
            }
            System.err.printf(
                    "replay: %d outputs, %d state reports, %d dead letters%n",
                    counts[EncodedRecord.Target.OUTPUT.ordinal()],
                    counts[EncodedRecord.Target.STATES.ordinal()],
                    counts[EncodedRecord.Target.DEAD_LETTERS.ordinal()]);
            if (backtest != null) {
                System.err.println("replay: report written to " + report);
            }
        } finally {
            if ("-".equals(input)) {
                Files.deleteIfExists(in);
            }
        }
        return 0;
    }

    /** The report's settings, checked before the replay starts: a report that cannot be written is a usage error. */
    private ReportSettings reportSettings(Model m) {
        String problem = BacktestReport.unwritable(report);
        if (problem != null) {
            throw new JobConfig.ConfigException("--report " + report + ": " + problem);
        }
        if (reportKeys < 1) {
            throw new JobConfig.ConfigException("--report-keys " + reportKeys + ": must be at least 1");
        }
        if (reportOutput < 0 || reportOutput >= m.outputSize()) {
            int n = m.outputSize();
            throw new JobConfig.ConfigException("--report-output " + reportOutput + ": the model's y has "
                    + (n == 1 ? "1 value, index 0" : n + " values, indexes 0 to " + (n - 1)));
        }
        return new ReportSettings(report, reportKeys, reportOutput);
    }

    /** A local MiniCluster under {@code java -jar}; the surrounding cluster when there is one (tests). */
    static StreamExecutionEnvironment localEnvironment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every record type has Flink's own serializer, never Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.setMaxParallelism(lstmjob.pipeline.Environments.MAX_PARALLELISM);
        return env;
    }

    /** The given file, else OUT.{suffix}.jsonl beside the output, or stderr when the output is stdout. */
    private String beside(String given, String suffix) {
        if (given != null) {
            return given;
        }
        if ("-".equals(output)) {
            return "-";
        }
        String base = output.endsWith(".jsonl") ? output.substring(0, output.length() - ".jsonl".length()) : output;
        return base + "." + suffix + ".jsonl";
    }

    /** Stdin is copied to a temporary file, so that the file source can read it like any other input. */
    private static Path stage(String input) throws IOException {
        if (!"-".equals(input)) {
            Path p = Path.of(input);
            if (!Files.isReadable(p)) {
                throw new JobConfig.ConfigException("--input " + input + ": no such readable file");
            }
            return p.toAbsolutePath();
        }
        Path tmp = Files.createTempFile("lstm-replay", ".jsonl");
        Files.copy(System.in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }

    private static OutputStream open(String target, java.io.PrintStream std) throws IOException {
        OutputStream raw = "-".equals(target) ? new NonClosing(std) : Files.newOutputStream(Path.of(target));
        return new BufferedOutputStream(raw, 64 * 1024);
    }

    /** Lets the stream over stdout/stderr be closed (flushed) without closing the stream itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
