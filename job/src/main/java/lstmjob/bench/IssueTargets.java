package lstmjob.bench;

import java.util.List;
import java.util.OptionalInt;
import lstmjob.model.Model;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.LstmLayer;

/**
 * The project's performance goals (issue 6). They are stated for one LSTM(H) layer + Dense(1) over I = 8 inputs
 * (H = 32, except the bundled-kernel goal at H = 128), so a row gets its goal only when the model has that shape.
 */
final class IssueTargets {

    static final String SOURCE = "issue 6";
    static final int KEYS = 100_000;

    private final OptionalInt units;

    private IssueTargets(OptionalInt units) {
        this.units = units;
    }

    static IssueTargets of(Model model) {
        return new IssueTargets(referenceUnits(model));
    }

    /** H when the model is LSTM(H) + Dense(1) over 8 inputs; empty for any other model. */
    static OptionalInt referenceUnits(Model model) {
        List<Layer> layers = model.layers();
        if (model.inputSize() == 8 && layers.size() == 2 && layers.get(0) instanceof LstmLayer lstm
                && layers.get(1) instanceof DenseLayer dense && dense.outputSize() == 1) {
            return OptionalInt.of(lstm.outputSize());
        }
        return OptionalInt.empty();
    }

    private boolean h(int wanted) {
        return units.isPresent() && units.getAsInt() == wanted;
    }

    /** Kernel, one key per call: at most 1.5 µs per step. */
    Target kernelNanosPerStep() {
        return h(32) ? Target.atMost(1_500, SOURCE + ", LSTM(32)+Dense(1), I=8") : null;
    }

    /** Kernel, one key per call: at least 3× the textbook loops. */
    Target kernelTimesTextbook() {
        return h(32) ? Target.atLeast(3, SOURCE + ", LSTM(32)+Dense(1), I=8") : null;
    }

    /** Kernel in bundles of 64 keys: at least 50% of the FLOP peak, at H = 128. */
    Target kernelOfPeak(int keysPerCall) {
        return h(128) && keysPerCall == 64 ? Target.atLeast(50, SOURCE + ", LSTM(128)+Dense(1), I=8") : null;
    }

    /** The keyed operator on one core at 100,000 keys: 300,000 records/s with heap state, 100,000 with RocksDB. */
    Target operator(boolean rocksdb, int keys) {
        if (!h(32) || keys < KEYS) {
            return null;
        }
        return Target.atLeast(rocksdb ? 100_000 : 300_000, SOURCE + ", LSTM(32)+Dense(1), I=8, 100,000 keys");
    }

    /** End to end, at-least-once, through a broker on the same 2-core machine: 50,000 samples/s. */
    Target endToEndSustained() {
        return h(32) ? Target.atLeast(50_000, SOURCE + ", LSTM(32)+Dense(1), I=8, at-least-once") : null;
    }

    /** End to end, at-least-once, at half the sustained rate: p99 latency at most 50 ms. */
    Target endToEndP99Millis() {
        return h(32) ? Target.atMost(50, SOURCE + ", LSTM(32)+Dense(1), I=8, at-least-once") : null;
    }
}
