package lstmjob.codec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A quick measurement of the decoder alone (no JMH): decodes 1M typical samples, 8 features, a few rounds, and
 * prints CPU ns per record. From the operators module, after
 * {@code mvn -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) lstmjob.codec.DecodeSpeed
 * [records] [rounds]}.
 */
public final class DecodeSpeed {

    public static void main(String[] args) throws BadRecordException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        SplittableRandom random = new SplittableRandom(1);
        byte[][] records = new byte[n][];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder("{\"key\":\"sensor-")
                    .append(random.nextInt(10_000))
                    .append(i % 10 == 0 ? "-é" : "")
                    .append("\",\"x\":[");
            for (int f = 0; f < 8; f++) {
                s.append(f == 0 ? "" : ",").append((float) random.nextDouble(-1, 1));
            }
            s.append("],\"seq\":")
                    .append(i)
                    .append(",\"ts\":")
                    .append(1_700_000_000_000L + i)
                    .append('}');
            records[i] = s.toString().getBytes(StandardCharsets.UTF_8);
            bytes += records[i].length;
        }
        InputDecoder decoder = new InputDecoder(8);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean(); // CPU time: the machine may be shared
        double[] nsPerRecord = new double[rounds];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (byte[] record : records) {
                sink += decoder.decode(record).seq();
            }
            nsPerRecord[r] = (cpu.getCurrentThreadCpuTime() - t0) / (double) n;
            System.out.printf("round %d: %.0f CPU ns/record%n", r + 1, nsPerRecord[r]);
        }
        Arrays.sort(nsPerRecord);
        System.out.printf(
                "%d records of %d bytes on average: median %.0f CPU ns/record, best %.0f (checksum %d)%n",
                n, bytes / n, nsPerRecord[rounds / 2], nsPerRecord[0], sink);
    }
}
