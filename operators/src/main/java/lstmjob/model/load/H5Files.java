package lstmjob.model.load;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lstmjob.model.ModelLoadException;

/**
 * Opens HDF5 files for jhdf as a view of exactly the file's bytes. Read from a file channel, jhdf allocates a
 * buffer of whatever length a structure declares (a local heap claiming 1.3 GB in a 39 KB file) before it finds
 * the file too short; over a view, such a read fails at once, with nothing allocated.
 */
final class H5Files {

    private H5Files() {}

    /** The file mapped read-only (no heap used for it) after its size is checked against the limits. */
    static HdfFile open(Path file, LoadLimits limits, String source) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > limits.maxWeightBytes()) {
                throw new ModelLoadException(source + ": the file has " + size + " bytes, more than a model of at "
                        + "most " + limits.maxParameters() + " weights needs (" + limits.maxWeightBytes() + ")");
            }
            return of(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    static HdfFile of(ByteBuffer bytes) {
        return HdfFile.fromByteBuffer(bytes);
    }

    /**
     * jhdf follows the trees and header continuations of a file recursively, so structures that point back at
     * themselves (only a damaged file has them) end its reading in a stack overflow, which unwinds only jhdf's
     * frames: the file is refused.
     */
    static ModelLoadException loop(String source, StackOverflowError e) {
        return new ModelLoadException(
                source + ": the file is corrupt: its HDF5 structures refer to each other in a " + "loop", e);
    }
}
