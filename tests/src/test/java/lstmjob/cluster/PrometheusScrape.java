package lstmjob.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What Prometheus would read from Flink's reporter: the samples of one or more {@code /metrics} endpoints, in the
 * Prometheus text format ({@code name{label="value",...} number}; lines starting with # are comments).
 */
final class PrometheusScrape {

    /** One sample: a metric name, its labels, its value. */
    record Sample(String endpoint, String name, Map<String, String> labels, double value) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** GETs each endpoint once. */
    static PrometheusScrape of(List<String> endpoints) {
        List<Sample> all = new ArrayList<>();
        for (String endpoint : endpoints) {
            all.addAll(parse(endpoint, get(endpoint)));
        }
        return new PrometheusScrape(all);
    }

    /** The samples of {@code name} whose labels include {@code label=value}. */
    Stream<Sample> samples(String name, String label, String value) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && value.equals(s.labels().get(label)));
    }

    /** The sum over the samples of {@code name} of one job (every subtask, every TaskManager). */
    double sum(String name, String jobId) {
        return samples(name, "job_id", jobId).mapToDouble(Sample::value).sum();
    }

    /** The sum over the samples of {@code name} of one job that have {@code label=value}. */
    double sum(String name, String jobId, String label, String value) {
        return samples(name, "job_id", jobId)
                .filter(s -> value.equals(s.labels().get(label)))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** The metric names that have a sample of this job. */
    Set<String> namesOf(String jobId) {
        Set<String> names = new TreeSet<>();
        samples.stream().filter(s -> jobId.equals(s.labels().get("job_id"))).forEach(s -> names.add(s.name()));
        return names;
    }

    /** The metric names an endpoint served. */
    Set<String> namesAt(String endpoint) {
        Set<String> names = new TreeSet<>();
        samples.stream().filter(s -> s.endpoint().equals(endpoint)).forEach(s -> names.add(s.name()));
        return names;
    }

    private static String get(String endpoint) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + endpoint + ": HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Sample> parse(String endpoint, String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String rest;
            String name;
            if (brace >= 0 && (space < 0 || brace < space)) {
                name = line.substring(0, brace);
                rest = line.substring(parseLabels(line, brace + 1, labels) + 1);
            } else if (space > 0) {
                name = line.substring(0, space);
                rest = line.substring(space);
            } else {
                throw new AssertionError(endpoint + ": not a sample line: " + line);
            }
            // the value, then an optional timestamp
            out.add(new Sample(endpoint, name, labels, number(rest.trim().split("\\s+")[0])));
        }
        return out;
    }

    /** Prometheus writes infinities as +Inf and -Inf. */
    private static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /**
     * Parses {@code a="x",b="y\"z",} from {@code from} into {@code labels}; values may hold escaped quotes,
     * backslashes and newlines. Returns the index of the closing brace.
     */
    private static int parseLabels(String line, int from, Map<String, String> labels) {
        int i = from;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf("=\"", i);
            if (eq < 0) {
                throw new AssertionError("bad labels in: " + line);
            }
            String key = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i;
    }
}
