package lstmjob.savepoint;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Savepoint locations as Flink takes them: a URI with a scheme as it is, a local path made absolute. */
final class Locations {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private Locations() {}

    static String of(String location) {
        return SCHEME.matcher(location).matches()
                ? location
                : Path.of(location).toAbsolutePath().toUri().toString();
    }
}
