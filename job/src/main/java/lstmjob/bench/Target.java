package lstmjob.bench;

/**
 * A goal a measured value is held to: at least ({@code ≥}) or at most ({@code ≤}) {@code value}.
 *
 * @param source where the goal comes from, e.g. "issue 6, LSTM(32)+Dense(1), I=8"
 */
public record Target(boolean atLeast, double value, String source) {

    public static Target atLeast(double value, String source) {
        return new Target(true, value, source);
    }

    public static Target atMost(double value, String source) {
        return new Target(false, value, source);
    }

    /** The measured value divided by the target. */
    public double ratio(double result) {
        return result / value;
    }

    public boolean met(double result) {
        return atLeast ? result >= value : result <= value;
    }

    /** By how much the result falls short of an at-least goal, or exceeds an at-most one, as a fraction; 0 if met. */
    public double missedBy(double result) {
        if (met(result)) {
            return 0;
        }
        return atLeast ? (value - result) / value : (result - value) / value;
    }

    public String symbol() {
        return atLeast ? "≥" : "≤";
    }
}
