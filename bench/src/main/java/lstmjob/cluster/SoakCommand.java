package lstmjob.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import lstmjob.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code soak}: the job on the local Kafka broker and Flink cluster ({@code bin/kafka-local}, {@code
 * bin/flink-local}; started when not running, and then stopped at the end) under a steady stream and a schedule
 * of faults; exits 0 only when nothing was lost, doubled or miscomputed.
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Streams samples through the job on the local cluster while killing TaskManagers, restarting"
                + " the broker and resuming from savepoints; checks the output against a replay.")
public final class SoakCommand implements Callable<Integer>, ExtraCommand {

    @Option(names = "--rate", paramLabel = "N", defaultValue = "20000", description = "samples per second (20000)")
    int rate;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "10000", description = "keys (10000)")
    int keys;

    @Option(names = "--minutes", paramLabel = "T", defaultValue = "10", description = "minutes of samples (10)")
    double minutes;

    @Option(
            names = "--faults",
            paramLabel = "F",
            defaultValue = "5",
            description = "faults, evenly spaced: kill a TaskManager, restart the broker, savepoint and resume, "
                    + "in turn (5)")
    int faults;

    @Option(names = "--model", paramLabel = "FILE", description = "model file (the example model)")
    Path model;

    @Option(names = "--parallelism", paramLabel = "P", defaultValue = "2", description = "the job's (2)")
    int parallelism;

    @Option(names = "--dir", paramLabel = "DIR", description = "work folder: input, replay, log (.local/soak)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || keys < 1 || minutes <= 0 || faults < 0 || parallelism < 1) {
            throw new IllegalArgumentException(
                    "--rate, --keys, --minutes and --parallelism must be positive, " + "--faults not negative");
        }
        Path root = Checkout.root();
        Path work = dir != null ? dir : root.resolve(".local/soak");
        java.nio.file.Files.createDirectories(work);
        Path modelFile = model != null ? model.toAbsolutePath() : root.resolve("example/running-count.keras");
        Path log = work.resolve("scripts.log");
        Scripts probe = new Scripts(Map.of(), log);
        boolean startKafka = !running(probe, "kafka-local");
        boolean startFlink = !running(probe, "flink-local");
        // what the soak starts (a replacement TaskManager too) dies with it; a running cluster's own is left be
        Scripts scripts = startKafka && startFlink ? new Scripts(ownedBySelf(), log) : probe;
        LocalKafka kafka = new LocalKafka(scripts);
        LocalFlink flink = new LocalFlink(
                scripts,
                Path.of(System.getenv()
                        .getOrDefault(
                                "FLINK_LOCAL_DIR", root.resolve(".local/flink").toString())));
        System.err.println("soak: " + (startKafka ? "starting" : "using the running") + " Kafka broker, "
                + (startFlink ? "starting" : "using the running") + " Flink cluster; the scripts log to "
                + scripts.log());
        kafka.start();
        try {
            if (startFlink) {
                flink.start(2);
            } else {
                flink.attach();
            }
            SoakReport report = new Soak(
                            new Soak.Plan(rate, keys, minutes, faults, modelFile, parallelism, work),
                            scripts,
                            kafka,
                            flink)
                    .run();
            System.out.print(report.text());
            return report.passed() ? 0 : 1;
        } finally {
            if (startFlink) {
                flink.stop();
            }
            if (startKafka) {
                kafka.stop();
            }
        }
    }

    private static boolean running(Scripts scripts, String script) {
        return "yes"
                .equals(scripts.run(java.time.Duration.ofMinutes(1), script, "status")
                        .values()
                        .get("RUNNING"));
    }

    /** The processes started die with this one (the scripts' owner watchdog), however it ends. */
    private static Map<String, String> ownedBySelf() {
        return Map.of("LSTM_OWNER_PID", Long.toString(ProcessHandle.current().pid()));
    }
}
