package lstmjob.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import lstmjob.codec.InputDecoder;

/**
 * {@code replay --report}: takes replay's output and dead-letter lines as they are written, and when the replay
 * has ended, reads the targets from its input and writes one self-contained HTML file of charts and scores.
 */
public final class BacktestReport {

    private final ReportSettings settings;
    private final ReplayOutputs outputs;
    private final DeadLetterCounts deadLetters = new DeadLetterCounts();

    public BacktestReport(ReportSettings settings) {
        this.settings = settings;
        this.outputs = new ReplayOutputs(settings.output());
    }

    /** A prediction or reset line of replay's output. */
    public void acceptOutput(String line) throws IOException {
        outputs.add(line);
    }

    public void acceptDeadLetter(String line) throws IOException {
        deadLetters.add(line);
    }

    /**
     * Writes the report: {@code input} is the replayed file ({@code inputName} as the dead letters name it),
     * read with the decoder replay used, so that the records it rejected are passed over here too.
     */
    public void write(Path input, String inputName, String modelName, InputDecoder decoder) throws IOException {
        InputSteps inputs = InputSteps.read(input, inputName, decoder, new TargetParser(settings.output()));
        for (KeySeries s : outputs.byKey().values()) {
            s.match(inputs.of(s.key));
        }
        KeyRanking ranking = KeyRanking.of(outputs, deadLetters, settings.keys());
        String html = new ReportPage(settings, outputs, deadLetters, inputs, ranking).render(modelName, inputName);
        writeWhole(settings.file(), html);
    }

    /** Through a temporary file beside it, so that a failed write leaves no half report. */
    private static void writeWhole(Path file, String html) throws IOException {
        // not Files.createTempFile: its owner-only permissions would stay on the report
        Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Why the report cannot be written to {@code file}, or null when it can. */
    public static String unwritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return "its directory " + dir + " does not exist";
        }
        if (!Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
            return "not writable";
        }
        return null;
    }
}
