package lstmjob.model.load;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import lstmjob.model.ModelLoadException;

/**
 * An archive entry's bytes, read through a bounded stream: inflating stops one byte past what the entry may hold,
 * whatever sizes its headers declare, so a small archive that inflates to gigabytes (a zip bomb) is refused
 * having allocated no more than the limit.
 */
final class ZipEntryBytes {

    /** Any entry may inflate to this much; beyond it, at most {@link #MAX_RATIO} times its compressed size. */
    private static final long FREE_INFLATION = 16 << 20;

    /**
     * Keras stores its entries uncompressed; re-zipped, JSON deflates about 10:1 and float weights barely at all.
     * Deflate's own maximum is about 1032:1, what a zip bomb uses.
     */
    private static final long MAX_RATIO = 100;

    private ZipEntryBytes() {}

    /** The entry's bytes, refused when they pass {@code limit} or inflate far beyond their compressed size. */
    static byte[] read(ZipFile zip, ZipEntry entry, long limit, long archiveSize, String source) throws IOException {
        String what = source + ": the archive's " + entry.getName();
        if (entry.getSize() > limit) {
            throw new ModelLoadException(
                    what + " declares " + entry.getSize() + " bytes, more than the " + limit + " it may hold");
        }
        long compressed =
                entry.getCompressedSize() < 0 ? archiveSize : Math.min(entry.getCompressedSize(), archiveSize);
        long byRatio = compressed > Long.MAX_VALUE / MAX_RATIO ? Long.MAX_VALUE : compressed * MAX_RATIO;
        long allowed = Math.min(limit, Math.max(FREE_INFLATION, byRatio));
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, allowed + 1));
        }
        if (bytes.length > allowed) {
            throw new ModelLoadException(what + " inflates to more than " + allowed + " bytes from "
                    + compressed + " compressed"
                    + (allowed == limit
                            ? " (the most it may hold)"
                            : " (more than " + MAX_RATIO + " times: a zip bomb, or not a model)"));
        }
        // ZipFile checks CRCs of deflated entries only; Keras stores its entries uncompressed, and damaged weight
        // bytes would otherwise load as wrong numbers.
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new ModelLoadException(
                    source + ": the file is truncated or corrupt: " + entry.getName() + " fails its checksum");
        }
        return bytes;
    }
}
