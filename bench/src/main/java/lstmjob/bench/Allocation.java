package lstmjob.bench;

import java.lang.management.ManagementFactory;

/** Bytes this thread has allocated so far, where the JVM counts them (HotSpot does); -1 elsewhere. */
final class Allocation {

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Allocation() {}

    static long current() {
        if (THREADS instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
