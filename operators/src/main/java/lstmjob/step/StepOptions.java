package lstmjob.step;

import java.io.Serializable;
import java.time.Duration;
import lstmjob.state.OnStateMismatch;

/**
 * How the step operator treats keys beyond the contract's defaults, and how it bundles keys. The values are
 * checked where the job's settings are declared and read, not here.
 *
 * @param burnInSteps after each reset (or set-state), a key's first N steps update its state but emit no prediction
 * @param stateTtl    a key idle this long (processing time) has its state dropped with an {@code expired} reset;
 *                    null: never
 * @param onMismatch  what to do with a key whose saved state was written by a model of another state layout
 * @param bundleSize  at most this many keys are stepped together in one matrix-matrix step; 1 turns bundling off
 * @param bundleWait  no record is held longer than this for a bundle to fill
 * @param topK        predictions give each output's K largest values with their indices instead of the whole
 *                    vector; 0: the whole vector. At most the size of every output of the model
 */
public record StepOptions(
        int burnInSteps, Duration stateTtl, OnStateMismatch onMismatch, int bundleSize, Duration bundleWait, int topK)
        implements Serializable {

    public static final StepOptions DEFAULTS = new StepOptions(0, null, OnStateMismatch.FAIL, 1, Duration.ZERO);

    /** Whole output vectors. */
    public StepOptions(
            int burnInSteps, Duration stateTtl, OnStateMismatch onMismatch, int bundleSize, Duration bundleWait) {
        this(burnInSteps, stateTtl, onMismatch, bundleSize, bundleWait, 0);
    }
}
