package lstmjob.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is: its {@code bin/} scripts drive the local Kafka broker and Flink cluster. */
final class Checkout {

    private Checkout() {}

    /**
     * The folder the system property {@code lstm.checkout} names ({@code bin/soak} sets it), else the nearest
     * folder, from the working directory up, that holds {@code bin/flink-local} and the modules.
     */
    static Path root() {
        String given = System.getProperty("lstm.checkout");
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/flink-local")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("run inside the checkout: no bin/flink-local from "
                + Path.of("").toAbsolutePath() + " up");
    }
}
