package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import lstmjob.model.ModelLoadException;
import lstmjob.testing.OracleCases;
import lstmjob.testing.OracleCases.ModelCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated model files of every format, made from the oracle cases by {@link ModelMutations}: each either loads or
 * is refused with the loader's own error and a message, having allocated little. The seed changes every run and
 * is printed; {@code -Dloader.fuzz.seed=N} replays a run, and each failure names its file's seed.
 */
class ModelFileFuzzTest {

    private static final int FILES = Integer.getInteger("loader.fuzz.files", 2_000);

    /** The oracle files are under 100 KB: loading one, damaged or not, needs a few MB at most. */
    private static final long MAX_ALLOCATED = 64 << 20;

    @TempDir
    Path dir;

    @Test
    void mutatedModelFilesLoadOrAreRefusedWithTheLoadersOwnError() throws Exception {
        long seed = Long.getLong("loader.fuzz.seed", new Random().nextLong());
        System.out.println("model file fuzz: seed " + seed + " (replay with -Dloader.fuzz.seed=" + seed + ")");
        List<ModelCase> models = OracleCases.all();
        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < FILES; i++) {
            long fileSeed = seed + i;
            Random random = new Random(fileSeed);
            ModelCase model = models.get(random.nextInt(models.size()));
            StringBuilder what = new StringBuilder();
            Path into = dir.resolve("m" + i);
            Path file = new ModelMutations(random).mutate(model, into, what);
            String outcome = outcome(file);
            if (outcome.startsWith("refused")) {
                refused++;
            } else if (!outcome.equals("loaded")) {
                failures.add("seed " + fileSeed + ", " + model + ", " + what + ": " + outcome);
            }
            delete(into);
        }
        System.out.println("model file fuzz: " + FILES + " files, " + refused + " refused, "
                + (FILES - refused - failures.size()) + " loaded, " + failures.size() + " failed");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " mutated files failed (seed " + seed + "):\n"
                        + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    private static String outcome(Path file) {
        String[] outcome = new String[1];
        long allocated = BoundedLoadingTest.allocatedDuring(() -> outcome[0] = load(file));
        return allocated > MAX_ALLOCATED ? outcome[0] + ", but allocated " + allocated + " bytes" : outcome[0];
    }

    private static String load(Path file) {
        try {
            Models.load(file);
            return "loaded";
        } catch (ModelLoadException e) {
            return e.getMessage() == null || e.getMessage().isBlank() ? "refused without a message" : "refused";
        } catch (Throwable t) {
            StackTraceElement[] at = t.getStackTrace();
            return t + (at.length > 0 ? " at " + at[0] : "");
        }
    }

    private static void delete(Path folder) throws java.io.IOException {
        try (Stream<Path> files = java.nio.file.Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
