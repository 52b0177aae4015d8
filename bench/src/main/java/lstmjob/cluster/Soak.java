package lstmjob.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lstmjob.Main;
import lstmjob.model.load.Models;

/**
 * The soak: the job on the local cluster reads a steady stream of samples while faults strike on a schedule (a
 * TaskManager killed, the broker restarted, a stop-with-savepoint and resume, in turn), then what a read_committed
 * reader saw is checked against an uninterrupted replay of the same input.
 */
final class Soak {

    /** The faults, injected in this order, round and round. */
    enum Fault {
        KILL_TASKMANAGER,
        RESTART_BROKER,
        SAVEPOINT_RESUME
    }

    /** What to run: samples per second, keys, minutes, faults, model, the job's parallelism, a work folder. */
    record Plan(int rate, int keys, double minutes, int faults, Path model, int parallelism, Path dir) {
        int samples() {
            return (int) Math.round(rate * minutes * 60);
        }
    }

    /** A fault as it happened: what, when (seconds into the stream), and its recovery. */
    record Injected(String what, double atSeconds, OutputMonitor.Recovery recovery) {}

    private final Plan plan;
    private final LocalKafka kafka;
    private final LocalFlink flink;
    private final Scripts scripts;

    Soak(Plan plan, Scripts scripts, LocalKafka kafka, LocalFlink flink) {
        this.plan = plan;
        this.scripts = scripts;
        this.kafka = kafka;
        this.flink = flink;
    }

    SoakReport run() throws Exception {
        Files.createDirectories(plan.dir());
        int features = Models.load(plan.model()).inputSize();
        SoakInput input = new SoakInput(plan.keys(), plan.samples(), features);
        Path inputFile = plan.dir().resolve("input.jsonl");
        input.write(inputFile);

        ClusterJob job =
                new ClusterJob(kafka, flink, "soak-" + System.currentTimeMillis(), plan.model()).createTopics();
        flink.ensureTaskManagers(2);
        String jobId = job.submit(plan.parallelism(), null);
        List<Injected> faults = new ArrayList<>();
        SoakReport.Sending sending;
        Verification verification;
        try (SteadyProducer producer = new SteadyProducer(kafka.bootstrap(), job.samplesTopic(), input, plan.rate());
                OutputMonitor monitor = new OutputMonitor(
                        kafka.bootstrap(), job.predictionsTopic(), producer::sent, plan.rate() * 3L)) {
            flink.awaitRunning(jobId, Duration.ofMinutes(3));
            monitor.start();
            producer.start();
            long started = System.nanoTime();
            long every = (long) (plan.minutes() * 60e9 / (plan.faults() + 1));
            for (int i = 0; i < plan.faults(); i++) {
                sleepUntil(started + (i + 1) * every);
                flink.awaitRunning(jobId, Duration.ofMinutes(3));
                Fault fault = Fault.values()[i % Fault.values().length];
                double at = (System.nanoTime() - started) / 1e9;
                scripts.note("soak: fault " + (i + 1) + ", " + fault + ", at " + Math.round(at) + " s");
                switch (fault) {
                    case KILL_TASKMANAGER -> {
                        Set<Integer> hosts = flink.taskManagersOf(jobId);
                        int victim = hosts.iterator().next();
                        OutputMonitor.Recovery recovery = monitor.faultNow("kill");
                        faults.add(
                                new Injected("kill TaskManager " + victim + " (SIGKILL), start another", at, recovery));
                        flink.killTaskManager(victim);
                        recovery.struck(monitor);
                        flink.addTaskManager();
                    }
                    case RESTART_BROKER -> {
                        OutputMonitor.Recovery recovery = monitor.faultNow("broker");
                        faults.add(new Injected("restart the broker (down 3 s)", at, recovery));
                        kafka.stop();
                        Thread.sleep(3_000);
                        kafka.start();
                        recovery.struck(monitor);
                    }
                    case SAVEPOINT_RESUME -> {
                        OutputMonitor.Recovery recovery = monitor.faultNow("savepoint");
                        faults.add(new Injected("stop with a savepoint, resume from it", at, recovery));
                        String savepoint = flink.stopWithSavepoint(jobId);
                        recovery.struck(monitor);
                        jobId = job.submit(plan.parallelism(), savepoint);
                    }
                    default -> throw new IllegalStateException(fault.name());
                }
            }
            producer.awaitAllAcknowledged(Duration.ofMinutes(10));
            sending = new SoakReport.Sending(producer.sent(), producer.sendingTime());
            // read_committed: a doubled record from a late transaction would come after the last expected one
            monitor.awaitRead(plan.samples(), Duration.ofMinutes(15), Duration.ofSeconds(5));
            monitor.close();
            scripts.note("soak: read " + monitor.read() + " predictions; replaying the input");
            Path replayed = plan.dir().resolve("replay.jsonl");
            replay(inputFile, replayed);
            verification = Verification.compare(replayed, monitor.byKey());
        } finally {
            flink.cancelAtEnd(jobId);
        }
        return new SoakReport(plan, sending, faults, verification);
    }

    /** The same input, uninterrupted, through the job's own {@code replay}, in this JVM. */
    private void replay(Path input, Path output) throws IOException {
        int code = Main.commandLine()
                .execute(
                        "replay",
                        "--model",
                        plan.model().toString(),
                        "--input",
                        input.toString(),
                        "--output",
                        output.toString(),
                        "--parallelism",
                        Integer.toString(plan.parallelism()));
        if (code != 0) {
            throw new IOException("replay of " + input + " exited with " + code);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }
}
