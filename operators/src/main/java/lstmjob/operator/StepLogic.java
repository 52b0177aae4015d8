package lstmjob.operator;

import java.util.function.Consumer;
import lstmjob.codec.Output;
import lstmjob.codec.Prediction;
import lstmjob.codec.Reset;
import lstmjob.codec.Sample;
import lstmjob.model.ModelStepper;
import lstmjob.state.KeyState;

/**
 * The contract's per-key semantics, apart from Flink: replays by seq are dropped, each timestep gives one
 * prediction, {@code end} resets after the record's steps, a control record resets now, and every reset
 * gives one reset record. The Flink operator, replay and the parity tests all step through this class.
 */
public final class StepLogic {

    private final ModelStepper stepper;
    private final int stateFloats;
    private final float[] y;
    private long replaysDropped;

    public StepLogic(ModelStepper stepper) {
        this.stepper = stepper;
        this.stateFloats = stepper.model().stateLayout().floats();
        this.y = new float[stepper.model().outputSize()];
    }

    /** Replays dropped so far by this instance. */
    public long replaysDropped() {
        return replaysDropped;
    }

    /** True when {@code s} carries a seq that is not above the key's last one: it must have no effect at all. */
    public static boolean isReplay(KeyState st, Sample s) {
        return s.hasSeq() && st != null && st.hasSeq && s.seq() <= st.lastSeq;
    }

    /**
     * Applies one record to its key.
     *
     * @param current the key's state, or null for a key with none
     * @return the key's state to keep (the same object, updated, when there was one)
     */
    public KeyState apply(KeyState current, Sample s, long nowMillis, Consumer<Output> out) {
        if (isReplay(current, s)) {
            replaysDropped++;
            return current;
        }
        KeyState st = current != null ? current : KeyState.fresh(stateFloats);
        if (s.kind() == Sample.Kind.RESET) {
            out.accept(new Reset(s.key(), st.steps, Reset.CONTROL));
            st.reset();
        } else {
            for (float[] x : s.x()) {
                stepper.step(x, st.state, y);
                st.steps++;
                out.accept(new Prediction(s.key(), s.hasSeq(), s.seq(), st.steps, y.clone(), s.hasTs(), s.ts()));
            }
            if (s.end()) {
                out.accept(new Reset(s.key(), st.steps, Reset.END));
                st.reset();
            }
        }
        if (s.hasSeq()) {
            st.hasSeq = true;
            st.lastSeq = s.seq();
        }
        st.lastActive = nowMillis;
        return st;
    }
}
