package lstmjob.report;

import java.util.Arrays;
import java.util.List;

/**
 * One key's predictions in output order (the job keeps each key's input order): step since reset, seq, the
 * plotted output, and after {@link #match} the target of each (NaN: none); and how often the key was reset.
 */
final class KeySeries {

    private static final long NO_SEQ = Long.MIN_VALUE;

    final String key;
    private int size;
    private long[] steps = new long[16];
    private long[] seqs = new long[16];
    private float[] predictions = new float[16];
    private double[] targets;
    private long resets;

    KeySeries(String key) {
        this.key = key;
    }

    void addPrediction(long step, boolean hasSeq, long seq, float prediction) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
            predictions = Arrays.copyOf(predictions, size * 2);
        }
        steps[size] = step;
        seqs[size] = hasSeq ? seq : NO_SEQ;
        predictions[size] = prediction;
        size++;
    }

    void addReset() {
        resets++;
    }

    /**
     * Gives each prediction the target of its input timestep: the next one in input order with the same step
     * number (and seq, when there is one), so that timesteps without a prediction (burn-in) are passed over.
     */
    void match(List<InputSteps.Step> input) {
        targets = new double[size];
        Arrays.fill(targets, Double.NaN);
        int from = 0;
        for (int i = 0; i < size; i++) {
            for (int j = from; j < input.size(); j++) {
                InputSteps.Step s = input.get(j);
                if (s.hasSeq() && seqs[i] != NO_SEQ && s.seq() > seqs[i]) {
                    break; // the job's seqs only grow: its timestep is not ahead
                }
                if (s.step() == steps[i] && (s.hasSeq() ? s.seq() : NO_SEQ) == seqs[i]) {
                    targets[i] = s.target();
                    from = j + 1;
                    break;
                }
            }
        }
    }

    int size() {
        return size;
    }

    long resets() {
        return resets;
    }

    long step(int i) {
        return steps[i];
    }

    float prediction(int i) {
        return predictions[i];
    }

    /** NaN when the prediction has no target (or before {@link #match}). */
    double target(int i) {
        return targets == null ? Double.NaN : targets[i];
    }

    /** Errors over every prediction that has a target. */
    ErrorStats errors() {
        ErrorStats e = new ErrorStats();
        for (int i = 0; i < size; i++) {
            if (!Double.isNaN(target(i))) {
                e.add(predictions[i], target(i));
            }
        }
        return e;
    }

    ErrorByStep errorByStep() {
        ErrorByStep e = new ErrorByStep();
        for (int i = 0; i < size; i++) {
            if (!Double.isNaN(target(i))) {
                e.add(steps[i], predictions[i], target(i));
            }
        }
        return e;
    }
}
