package lstmjob.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is, and the shared fixtures beside it, for tests running in any module. */
public final class Repository {

    private Repository() {}

    /** The checkout's root: the nearest folder, from the working directory up, that holds the modules. */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("operators")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("run the tests inside the checkout");
    }

    /** {@code ../shared/fixtures/keras}: real users' model files, not ours to copy; present in CI. */
    public static Path realKerasFixtures() {
        return root().resolve("../shared/fixtures/keras").normalize();
    }

    /** {@code ../shared/fixtures/bad-input}: records and a model file that must be refused, with their README. */
    public static Path badInputFixtures() {
        return root().resolve("../shared/fixtures/bad-input").normalize();
    }

    /**
     * Whether the tests on real users' files run: they do wherever the files are, and always under CI (CI has
     * them), so that a missing folder fails there instead of skipping.
     */
    public static boolean hasRealKerasFixtures() {
        return Files.isDirectory(realKerasFixtures()) || System.getenv("CI") != null;
    }
}
