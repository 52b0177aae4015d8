package lstmjob.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone session cluster of {@code bin/flink-local}, driven through that script and {@code bin/flink}
 * (the Flink CLI), as the README does; its REST API is only read, to know when the job is running and has
 * checkpointed.
 */
public final class LocalFlink {

    private static final Pattern JOB_ID = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scripts scripts;
    private final Path stateDir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String rest;

    LocalFlink(Scripts scripts, Path stateDir) {
        this.scripts = scripts;
        this.stateDir = stateDir;
    }

    /** {@code bin/flink-local start --taskmanagers N}. */
    void start(int taskManagers) {
        rest = scripts.run(
                        Duration.ofMinutes(4), "flink-local", "start", "--taskmanagers", Integer.toString(taskManagers))
                .value("REST");
    }

    /** Uses a cluster that {@code bin/flink-local} started earlier: its REST URL, per its status. */
    void attach() {
        rest = scripts.run(Duration.ofMinutes(1), "flink-local", "status").value("REST");
    }

    void stop() {
        scripts.run(Duration.ofMinutes(2), "flink-local", "stop");
    }

    /** {@code bin/flink-local add-taskmanager}: returns its number once it has registered. */
    int addTaskManager() {
        return Integer.parseInt(scripts.run(Duration.ofMinutes(3), "flink-local", "add-taskmanager")
                .value("TASKMANAGER"));
    }

    /** {@code bin/flink-local kill-taskmanager I}: SIGKILL to that TaskManager's JVM. */
    void killTaskManager(int index) {
        scripts.run(Duration.ofMinutes(1), "flink-local", "kill-taskmanager", Integer.toString(index));
    }

    /** The numbers of the TaskManagers whose processes are alive, per {@code bin/flink-local status}. */
    List<Integer> taskManagers() {
        String v = scripts.run(Duration.ofMinutes(1), "flink-local", "status")
                .values()
                .getOrDefault("TASKMANAGERS", "");
        return v.isBlank()
                ? List.of()
                : Arrays.stream(v.trim().split("\\s+")).map(Integer::valueOf).toList();
    }

    /**
     * The Prometheus endpoints of the running JobManager (first) and TaskManagers, as {@code bin/flink-local
     * status} prints them (their reporters' ports, from their logs).
     */
    List<String> metricsEndpoints() {
        String v = scripts.run(Duration.ofMinutes(1), "flink-local", "status").value("METRICS");
        return v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
    }

    /** Adds TaskManagers until at least {@code n} run. */
    void ensureTaskManagers(int n) {
        for (int have = taskManagers().size(); have < n; have++) {
            addTaskManager();
        }
    }

    Path savepointDir() {
        return stateDir.resolve("savepoints");
    }

    Path checkpointDir() {
        return stateDir.resolve("checkpoints");
    }

    /** {@code bin/flink run -d [OPTIONS] JAR ARGS}: returns the job's id. */
    String submit(List<String> runOptions, Path jar, List<String> jobArgs) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(runOptions);
        args.add(jar.toString());
        args.addAll(jobArgs);
        Scripts.Result r = scripts.run(Duration.ofMinutes(3), "flink", args.toArray(String[]::new));
        Matcher m = JOB_ID.matcher(r.stdout());
        if (!m.find()) {
            throw new IllegalStateException(r.command() + " printed no job id:\n" + r.stdout());
        }
        return m.group(1);
    }

    /** {@code bin/flink stop --savepointPath DIR JOBID}: returns the savepoint's path. */
    String stopWithSavepoint(String jobId) {
        Scripts.Result r = scripts.run(
                Duration.ofMinutes(3),
                "flink",
                "stop",
                "--savepointPath",
                savepointDir().toUri().toString(),
                jobId);
        Matcher m = SAVEPOINT.matcher(r.stdout());
        if (!m.find()) {
            throw new IllegalStateException(r.command() + " printed no savepoint path:\n" + r.stdout());
        }
        return m.group(1);
    }

    /** {@code bin/flink cancel JOBID}. */
    void cancel(String jobId) {
        scripts.run(Duration.ofMinutes(1), "flink", "cancel", jobId);
    }

    /**
     * Cancels the job at the end of a test, passed or failed; a job that is no longer running (failed, say) is
     * noted in the scripts' log rather than reported over the test's own outcome.
     */
    void cancelAtEnd(String jobId) {
        try {
            cancel(jobId);
        } catch (AssertionError | RuntimeException e) {
            scripts.note("could not cancel " + jobId + " at the end of the test: " + e.getMessage());
        }
    }

    /** {@code GET /jobs/:id}. */
    JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    /** Waits until the job and every one of its tasks are RUNNING; returns the job's details then. */
    JsonNode awaitRunning(String jobId, Duration timeout) {
        return await("job " + jobId + " and all its tasks RUNNING", timeout, () -> job(jobId), j -> {
            if (!"RUNNING".equals(j.path("state").asText())) {
                return false;
            }
            for (JsonNode v : j.path("vertices")) {
                if (!"RUNNING".equals(v.path("status").asText())) {
                    return false;
                }
            }
            return true;
        });
    }

    /** How many checkpoints of the job have completed. */
    long completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints")
                .path("counts")
                .path("completed")
                .asLong();
    }

    /** Waits until the job has completed more than {@code after} checkpoints. */
    void awaitCheckpointAfter(String jobId, long after, Duration timeout) {
        await(
                "a checkpoint of job " + jobId + " after #" + after,
                timeout,
                () -> completedCheckpoints(jobId),
                n -> n > after);
    }

    /** Each operator chain's parallelism, by name. */
    Map<String, Integer> parallelism(String jobId) {
        Map<String, Integer> p = new LinkedHashMap<>();
        for (JsonNode v : job(jobId).path("vertices")) {
            p.put(v.path("name").asText(), v.path("parallelism").asInt());
        }
        return p;
    }

    /** The numbers of the TaskManagers (resource id tm-I, set by bin/flink-local) that run the job's tasks. */
    Set<Integer> taskManagersOf(String jobId) {
        Set<Integer> tms = new TreeSet<>();
        for (JsonNode v : job(jobId).path("vertices")) {
            JsonNode hosts = get("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers");
            for (JsonNode tm : hosts.path("taskmanagers")) {
                String id = tm.path("taskmanager-id").asText();
                if (id.startsWith("tm-")) {
                    tms.add(Integer.valueOf(id.substring(3)));
                }
            }
        }
        return tms;
    }

    /** The failures the job went through (its exception history): one per TaskManager lost, for instance. */
    int failures(String jobId) {
        return exceptions(jobId).size();
    }

    /**
     * {@code GET /jobs/:id/exceptions}: the job's exception history, one entry per failure, each with its
     * {@code exceptionName} and {@code stacktrace} (the whole cause chain, messages included).
     */
    JsonNode exceptions(String jobId) {
        return get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    }

    /** Waits until the job has reached a globally terminal state (FINISHED, FAILED, CANCELED); returns it. */
    String awaitTerminal(String jobId, Duration timeout) {
        return await(
                "job " + jobId + " to end",
                timeout,
                () -> job(jobId).path("state").asText(),
                s -> Set.of("FINISHED", "FAILED", "CANCELED").contains(s));
    }

    JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rest + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + rest + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    interface Probe<T> {
        T get();
    }

    /** Polls {@code probe} until {@code done} holds; a probe that throws counts as not done yet. */
    static <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Throwable lastError = null;
        while (true) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (AssertionError | RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                IllegalStateException failure = new IllegalStateException(
                        "waited " + timeout + " for " + what + "; last seen: " + (last != null ? last : lastError));
                if (lastError != null) {
                    failure.addSuppressed(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
