package lstmjob.step;

import java.util.function.Consumer;
import lstmjob.codec.InputRecord;
import lstmjob.codec.Output;
import lstmjob.codec.Prediction;
import lstmjob.codec.Reset;
import lstmjob.codec.StateReport;
import lstmjob.model.ModelStepper;
import lstmjob.model.StateLayout;
import lstmjob.state.KeyState;
import lstmjob.state.OnStateMismatch;

/**
 * The contract's per-key semantics, apart from Flink: replays by seq are dropped, each timestep gives one
 * prediction, {@code end} resets after the record's steps, a control record resets now, every reset gives one
 * reset record; and the control records of docs/control-records.md (get-state, set-state), burn-in, and keys
 * saved by a model of another state layout. The Flink operator, replay and the parity tests all step through
 * this class.
 */
public final class StepLogic {

    private final ModelStepper stepper;
    private final StateLayout layout;
    private final StepOptions options;
    private final StepCounters counters;
    private final float[] y;

    public StepLogic(ModelStepper stepper) {
        this(stepper, StepOptions.DEFAULTS, StepCounters.unregistered());
    }

    public StepLogic(ModelStepper stepper, StepOptions options, StepCounters counters) {
        this.stepper = stepper;
        this.layout = stepper.model().stateLayout();
        this.options = options;
        this.counters = counters;
        this.y = new float[stepper.model().outputSize()];
    }

    public StepCounters counters() {
        return counters;
    }

    /** True when {@code s} carries a seq that is not above the key's last one: it must have no effect at all. */
    public static boolean isReplay(KeyState st, InputRecord s) {
        return s.hasSeq() && st != null && st.hasSeq && s.seq() <= st.lastSeq;
    }

    /**
     * Applies one record to its key.
     *
     * @param current the key's state, or null for a key with none
     * @return the key's state to keep: the same object when there was one of this model's layout, else a new one;
     *     null only for a get-state of a key that has no state (nothing to keep)
     */
    public KeyState apply(KeyState current, InputRecord s, long nowMillis, Consumer<Output> out) {
        if (isReplay(current, s)) {
            counters.replaysDropped().inc();
            return current;
        }
        KeyState st = begin(current, s, out);
        if (st != null && s.kind() == InputRecord.Kind.SAMPLE) {
            for (float[] x : s.x()) {
                stepper.step(x, st.state, y);
                stepped(st, s, y, out);
            }
        }
        return finish(st, s, nowMillis, out);
    }

    /*
     * apply() in three phases, so that the operator can step the timesteps of many keys together in between:
     * begin(), then for each timestep of a sample one step of the model and stepped(), then finish().
     */

    /**
     * The record's effects before its timesteps (the caller has already dropped replays): a key saved by another
     * model restarts, control records act. Returns the key's state, ready for a sample's timesteps, or null for a
     * get-state of a key that has no state.
     */
    public KeyState begin(KeyState current, InputRecord s, Consumer<Output> out) {
        KeyState st = current;
        if (st != null && st.layout != layout.tag()) {
            st = restartForNewModel(st, s.key(), out);
        }
        switch (s.kind()) {
            case RESET -> {
                st = st != null ? st : KeyState.fresh(layout);
                reset(st, s.key(), Reset.CONTROL, out);
            }
            case GET_STATE -> {
                if (st == null) {
                    out.accept(new StateReport(s.key(), new float[layout.floats()], layout, 0, false, 0));
                    // a read: a key never seen stays unseen, unless the record's seq must be remembered
                    return s.hasSeq() ? KeyState.fresh(layout) : null;
                }
                out.accept(new StateReport(s.key(), st.state.clone(), layout, st.steps, st.hasSeq, st.lastSeq));
            }
            case SET_STATE -> {
                st = st != null ? st : KeyState.fresh(layout);
                System.arraycopy(s.states(), 0, st.state, 0, st.state.length);
                st.steps = s.step();
            }
            case SAMPLE -> st = st != null ? st : KeyState.fresh(layout);
        }
        return st;
    }

    /** After one timestep of sample {@code s} moved {@code st.state} and gave {@code y}: count it, emit it. */
    public void stepped(KeyState st, InputRecord s, float[] y, Consumer<Output> out) {
        st.steps++;
        if (st.steps <= options.burnInSteps()) {
            counters.burnInSteps().inc();
        } else {
            counters.predictions().inc();
            out.accept(new Prediction(s.key(), s.hasSeq(), s.seq(), st.steps, y.clone(), s.hasTs(), s.ts()));
        }
    }

    /**
     * The record's effects after its timesteps: the end-of-sequence reset, the seq, the activity time; and the
     * sample's latency, from its arrival to now, when its predictions have been emitted.
     */
    public KeyState finish(KeyState st, InputRecord s, long nowMillis, Consumer<Output> out) {
        if (st == null) {
            return null;
        }
        if (s.kind() == InputRecord.Kind.SAMPLE && s.end()) {
            reset(st, s.key(), Reset.END, out);
        }
        if (s.hasSeq()) {
            st.hasSeq = true;
            st.lastSeq = s.seq();
        }
        st.lastActive = nowMillis;
        if (s.hasTs()) {
            counters.eventTimeLag().applied(s.ts());
        }
        if (s.kind() == InputRecord.Kind.SAMPLE && s.arrivedMillis() > 0) {
            counters.latencyMillis().update(nowMillis - s.arrivedMillis());
        }
        return st;
    }

    private void reset(KeyState st, String key, String reason, Consumer<Output> out) {
        counters.resets().inc();
        out.accept(new Reset(key, st.steps, reason));
        st.reset();
    }

    /** A key saved by a model of another layout: from zeros, once, with a reset record (or refuse, by default). */
    private KeyState restartForNewModel(KeyState old, String key, Consumer<Output> out) {
        if (options.onMismatch() != OnStateMismatch.RESET) {
            throw new IllegalStateException("key state written by a model of another state layout; "
                    + "restart with --on-state-mismatch reset to start such keys from zeros");
        }
        KeyState fresh = KeyState.fresh(layout);
        fresh.hasSeq = old.hasSeq;
        fresh.lastSeq = old.lastSeq;
        counters.resets().inc();
        out.accept(new Reset(key, old.steps, Reset.MODEL_CHANGED));
        return fresh;
    }

    /** The key was idle past the TTL: one expired reset; the caller then drops the key entirely (its seq too). */
    public void expire(KeyState st, String key, Consumer<Output> out) {
        counters.expired().inc();
        counters.resets().inc();
        out.accept(new Reset(key, st.steps, Reset.EXPIRED));
    }
}
