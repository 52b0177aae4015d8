package lstmjob.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every key seen, busiest first (most predictions, then most dead letters, then by name): the first N are charted. */
record KeyRanking(List<String> shown, List<String> leftOut) {

    static KeyRanking of(ReplayOutputs outputs, DeadLetterCounts deadLetters, int n) {
        Set<String> all = new TreeSet<>(outputs.byKey().keySet());
        all.addAll(deadLetters.byKey().keySet());
        List<String> ranked = new ArrayList<>(all);
        ranked.sort(Comparator.<String>comparingLong(k -> steps(outputs, k))
                .reversed()
                .thenComparing(
                        Comparator.<String>comparingLong(deadLetters::ofKey).reversed())
                .thenComparing(Comparator.naturalOrder()));
        int cut = Math.min(n, ranked.size());
        return new KeyRanking(List.copyOf(ranked.subList(0, cut)), List.copyOf(ranked.subList(cut, ranked.size())));
    }

    private static long steps(ReplayOutputs outputs, String key) {
        KeySeries s = outputs.byKey().get(key);
        return s == null ? 0 : s.size();
    }
}
