package lstmjob.cluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The soak's samples: {@code keys} keys sent in rounds (seq 1 of every key, then seq 2, ...), so that a fault
 * falls in the middle of every key's sequence; inputs 0 or 1 (exact in JSON and float32; the example model counts
 * 1s), drawn from a fixed hash of the record's position, so the stream is the same however often it is read.
 */
final class SoakInput implements SampleStream {

    private final int keys;
    private final int size;
    private final int features;

    SoakInput(int keys, int size, int features) {
        this.keys = keys;
        this.size = size;
        this.features = features;
    }

    int keys() {
        return keys;
    }

    @Override
    public int size() {
        return size;
    }

    static String key(int k) {
        return String.format("key-%05d", k);
    }

    @Override
    public String[] record(int n) {
        int k = n % keys;
        StringBuilder json = new StringBuilder(64)
                .append("{\"key\":\"")
                .append(key(k))
                .append("\",\"seq\":")
                .append(n / keys + 1)
                .append(",\"x\":[");
        for (int f = 0; f < features; f++) {
            json.append(f == 0 ? "" : ",").append(bit(n, f) ? "1" : "0");
        }
        return new String[] {key(k), json.append("]}").toString()};
    }

    /** Writes every record's value, in the order they are sent (so in the same order per key): replay's input. */
    void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int n = 0; n < size; n++) {
                out.write(record(n)[1]);
                out.write('\n');
            }
        }
    }

    /** SplitMix64's finaliser: a well-mixed bit per (record, feature). */
    private static boolean bit(long n, int feature) {
        long z = n * 31 + feature + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return ((z ^ (z >>> 31)) & 1) == 1;
    }
}
