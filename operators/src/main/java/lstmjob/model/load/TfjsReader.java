package lstmjob.model.load;

import java.io.IOException;
import java.nio.file.Path;
import lstmjob.model.ModelLoadException;

/** Placeholder until the reader lands. */
public final class TfjsReader {
    private TfjsReader() {
    }

    public static ModelDescription read(Path file) throws IOException {
        throw new ModelLoadException(file + ": TfjsReader is not implemented yet");
    }
}
