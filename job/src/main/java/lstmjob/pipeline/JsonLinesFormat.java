package lstmjob.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import lstmjob.codec.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a JSON Lines file as raw records, each with its {@code name:line} as source, for replay. Blank lines
 * are skipped; a line is never split, however long, so an oversized one reaches the decoder and its dead letter.
 */
public final class JsonLinesFormat extends SimpleStreamFormat<RawRecord> {

    private static final long serialVersionUID = 1L;

    private final String name;

    public JsonLinesFormat(String name) {
        this.name = name;
    }

    @Override
    public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) {
        return new Reader(stream, name);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static final class Reader implements StreamFormat.Reader<RawRecord> {
        private final InputStream in;
        private final String name;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private long lineNo;

        Reader(InputStream in, String name) {
            this.in = in;
            this.name = name;
        }

        @Override
        public RawRecord read() throws IOException {
            while (true) {
                line.reset();
                boolean any = false;
                while (true) {
                    if (pos == limit) {
                        limit = in.read(buf, 0, buf.length);
                        pos = 0;
                        if (limit <= 0) {
                            limit = 0;
                            break;
                        }
                    }
                    any = true;
                    byte b = buf[pos++];
                    if (b == '\n') {
                        break;
                    }
                    line.write(b);
                }
                if (!any) {
                    return null;
                }
                lineNo++;
                byte[] bytes = stripCr(line.toByteArray());
                if (!isBlank(bytes)) {
                    return new RawRecord(bytes, name + ":" + lineNo);
                }
            }
        }

        private static byte[] stripCr(byte[] b) {
            return b.length > 0 && b[b.length - 1] == '\r' ? java.util.Arrays.copyOf(b, b.length - 1) : b;
        }

        private static boolean isBlank(byte[] b) {
            for (byte c : b) {
                if (c != ' ' && c != '\t') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
