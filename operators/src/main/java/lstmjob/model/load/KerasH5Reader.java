package lstmjob.model.load;

import java.io.IOException;
import java.nio.file.Path;
import lstmjob.model.ModelLoadException;

/** Placeholder until the reader lands. */
public final class KerasH5Reader {
    private KerasH5Reader() {
    }

    public static ModelDescription read(Path file) throws IOException {
        throw new ModelLoadException(file + ": KerasH5Reader is not implemented yet");
    }
}
