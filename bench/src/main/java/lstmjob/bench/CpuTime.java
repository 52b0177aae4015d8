package lstmjob.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** This thread's CPU time in nanoseconds (wall time where the JVM cannot tell). */
final class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

    private CpuTime() {}

    static long current() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
