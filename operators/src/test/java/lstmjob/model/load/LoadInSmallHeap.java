package lstmjob.model.load;

import java.nio.file.Path;
import lstmjob.model.ModelLoadException;

/**
 * Loads one model file in a JVM of its own (started with a small heap by {@link BoundedLoadingTest}) and prints
 * the outcome: {@code loaded}, {@code refused: <message>}, or the class of anything else thrown (exit code 1).
 */
public final class LoadInSmallHeap {

    private LoadInSmallHeap() {}

    public static void main(String[] args) {
        try {
            Models.load(Path.of(args[0]));
            System.out.println("loaded");
        } catch (ModelLoadException e) {
            System.out.println("refused: " + e.getMessage());
        } catch (Throwable t) {
            System.out.println("failed: " + t);
            System.exit(1);
        }
    }
}
