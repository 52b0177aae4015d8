package lstmjob.bench;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr that shows {@code bench} is alive: its length is the planned time of all phases, and
 * within a phase it moves with the clock up to the phase's plan (a phase that overruns holds there, with its name
 * and detail shown beside the bar).
 */
public final class BenchProgress implements AutoCloseable {

    private static final int TICKS_PER_SECOND = 10;

    private final ProgressBar bar;
    private long done;
    private long phaseTicks;
    private long phaseStart;
    private String phase = "";

    private BenchProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar on {@code err} for about {@code plannedSeconds} of work. */
    public static BenchProgress on(PrintStream err, double plannedSeconds) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("bench")
                .setInitialMax(Math.max(1, Math.round(plannedSeconds * TICKS_PER_SECOND)))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err, 110))
                .setUpdateIntervalMillis(500)
                .hideEta()
                .build();
        return new BenchProgress(bar);
    }

    /** No bar (the progress still costs nothing). */
    public static BenchProgress none() {
        return new BenchProgress(null);
    }

    /** Ends the current phase and starts one planned to take about {@code plannedSeconds}. */
    public synchronized void phase(String name, double plannedSeconds) {
        done += phaseTicks;
        phaseTicks = Math.round(plannedSeconds * TICKS_PER_SECOND);
        phaseStart = System.nanoTime();
        phase = name;
        if (bar != null) {
            bar.setExtraMessage(name);
            bar.stepTo(done);
        }
    }

    /** Shows {@code detail} beside the current phase's name, and moves the bar. */
    public synchronized void detail(String detail) {
        if (bar != null) {
            bar.setExtraMessage(phase + ": " + detail);
        }
        tick();
    }

    /** Moves the bar with the clock; call it often from waiting loops. */
    public synchronized void tick() {
        if (bar == null) {
            return;
        }
        long elapsed = (System.nanoTime() - phaseStart) * TICKS_PER_SECOND / 1_000_000_000L;
        bar.stepTo(done + Math.min(elapsed, Math.max(0, phaseTicks - 1)));
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.setExtraMessage("done");
            bar.close();
        }
    }
}
