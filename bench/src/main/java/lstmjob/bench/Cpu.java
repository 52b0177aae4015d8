package lstmjob.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The processor's name, for the bench's header. */
final class Cpu {

    private Cpu() {}

    /** "model name" from /proc/cpuinfo with the core count, or os.arch where there is no such file. */
    static String name() {
        String cores = Runtime.getRuntime().availableProcessors() + " cores";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                for (String line : Files.readAllLines(info)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim() + ", " + cores;
                    }
                }
            } catch (IOException e) {
                return System.getProperty("os.arch") + ", " + cores + " (/proc/cpuinfo unreadable: " + e.getMessage()
                        + ")";
            }
        }
        return System.getProperty("os.arch") + ", " + cores;
    }
}
