package lstmjob.step;

import java.io.Serializable;
import java.time.Duration;
import lstmjob.state.OnStateMismatch;

/**
 * How the step operator treats keys beyond the contract's defaults, and how it bundles keys.
 *
 * @param burnInSteps after each reset (or set-state), a key's first N steps update its state but emit no prediction
 * @param stateTtl    a key idle this long (processing time) has its state dropped with an {@code expired} reset; null: never
 * @param onMismatch  what to do with a key whose saved state was written by a model of another state layout
 * @param bundleSize  at most this many keys are stepped together in one matrix-matrix step; 1 turns bundling off
 * @param bundleWait  no record is held longer than this for a bundle to fill
 */
public record StepOptions(int burnInSteps, Duration stateTtl, OnStateMismatch onMismatch, int bundleSize,
                          Duration bundleWait) implements Serializable {

    public static final StepOptions DEFAULTS = new StepOptions(0, null, OnStateMismatch.FAIL, 1, Duration.ZERO);

    public StepOptions {
        if (burnInSteps < 0) {
            throw new IllegalArgumentException("burn-in-steps must not be negative");
        }
        if (stateTtl != null && (stateTtl.isZero() || stateTtl.isNegative())) {
            throw new IllegalArgumentException("state-ttl must be positive");
        }
        if (bundleSize < 1 || bundleSize > 4096) {
            throw new IllegalArgumentException("bundle-size must be in 1..4096");
        }
        if (bundleWait.isNegative()) {
            throw new IllegalArgumentException("bundle-wait must not be negative");
        }
    }

    public StepOptions withBundling(int size, Duration wait) {
        return new StepOptions(burnInSteps, stateTtl, onMismatch, size, wait);
    }
}
