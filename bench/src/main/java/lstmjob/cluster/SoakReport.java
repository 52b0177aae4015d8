package lstmjob.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What a soak ran, the faults with their recovery times, and the verdict; {@link #text()} prints it. */
record SoakReport(Soak.Plan plan, Sending sending, List<Soak.Injected> faults, Verification verification) {

    /** How many samples were sent, and in how long. */
    record Sending(long samples, Duration took) {
        double rate() {
            return samples / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    boolean passed() {
        return verification.passed() && sending.samples() == plan.samples();
    }

    String text() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "soak: %,d samples over %,d keys, %.1f minutes at %,d samples/s asked"
                        + " (%,.0f/s sent), model %s, parallelism %d%n",
                sending.samples(),
                plan.keys(),
                plan.minutes(),
                plan.rate(),
                sending.rate(),
                plan.model().getFileName(),
                plan.parallelism()));
        s.append(String.format(Locale.ROOT, "faults: %d%n", faults.size()));
        int i = 1;
        for (Soak.Injected f : faults) {
            s.append(String.format(
                    Locale.ROOT,
                    "  %d. at %5.0f s  %-45s first prediction after %s, caught up after" + " %s%n",
                    i++,
                    f.atSeconds(),
                    f.what(),
                    seconds(f.recovery().toFirstPrediction()),
                    seconds(f.recovery().toCaughtUp())));
        }
        Verification v = verification;
        s.append(String.format(
                Locale.ROOT,
                "verification (read_committed output against an uninterrupted replay" + " of the same input):%n"));
        s.append(String.format(Locale.ROOT, "  predictions: %,d expected, %,d read%n", v.expected(), v.read()));
        s.append(String.format(
                Locale.ROOT,
                "  lost %,d, doubled %,d, miscomputed %,d, unexpected %,d%n",
                v.lost(),
                v.doubled(),
                v.miscomputed(),
                v.unexpected()));
        s.append(String.format(
                Locale.ROOT,
                "  y equal to the bit: %,d; within %.0e but not to the bit: %,d%n",
                v.bitEqual(),
                Verification.TOLERANCE,
                v.withinTolerance()));
        if (v.firstProblem() != null) {
            s.append("  first problem: ").append(v.firstProblem()).append('\n');
        }
        s.append("verdict: ").append(passed() ? "PASS" : "FAIL").append('\n');
        return s.toString();
    }

    private static String seconds(Duration d) {
        return d == null ? "(never)" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
