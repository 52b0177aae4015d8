package lstmjob.operator;

import java.io.Serializable;
import java.time.Duration;
import lstmjob.state.OnStateMismatch;

/**
 * How the step operator treats keys beyond the contract's defaults.
 *
 * @param burnInSteps after each reset (or set-state), a key's first N steps update its state but emit no prediction
 * @param stateTtl    a key idle this long (processing time) has its state dropped with an {@code expired} reset; null: never
 * @param onMismatch  what to do with a key whose saved state was written by a model of another state layout
 */
public record StepOptions(int burnInSteps, Duration stateTtl, OnStateMismatch onMismatch) implements Serializable {

    public static final StepOptions DEFAULTS = new StepOptions(0, null, OnStateMismatch.FAIL);

    public StepOptions {
        if (burnInSteps < 0) {
            throw new IllegalArgumentException("burn-in-steps must not be negative");
        }
        if (stateTtl != null && (stateTtl.isZero() || stateTtl.isNegative())) {
            throw new IllegalArgumentException("state-ttl must be positive");
        }
    }
}
