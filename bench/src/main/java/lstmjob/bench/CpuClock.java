package lstmjob.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time used so far, by this JVM and by the threads whose names start with a prefix (a Flink task's threads
 * are named after its chain, e.g. {@code "step -> counting sink: Writer (1/1)#0"}). On a machine shared with
 * other work, work per CPU-second varies far less than work per wall-second.
 */
final class CpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {}

    /** Nanoseconds of CPU this JVM has used, or -1 where the JVM does not tell. */
    static long process() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Nanoseconds of CPU the live threads named {@code prefix…} have used, or -1 where the JVM does not tell. */
    static long threads(String prefix) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return -1;
        }
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    total += t;
                }
            }
        }
        return total;
    }
}
