package lstmjob.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the optional {@code target} of an input record: for a record of one timestep a number or an array like
 * {@code y}; for a record of n timesteps an array of n such values. Returns, per timestep, the target of the
 * output dimension the report scores, NaN where there is none.
 */
final class TargetParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A target the report cannot use; the record itself is served as usual. */
    static final class BadTargetException extends Exception {
        BadTargetException(String message) {
            super(message);
        }
    }

    private final int output;

    TargetParser(int output) {
        this.output = output;
    }

    /** Null when the record has no target. */
    double[] parse(byte[] record, int steps) throws BadTargetException {
        JsonNode target;
        try {
            target = JSON.readTree(record).get("target");
        } catch (IOException e) {
            throw new BadTargetException("not JSON");
        }
        if (target == null || target.isNull()) {
            return null;
        }
        if (steps == 1) {
            return new double[] {value(target)};
        }
        if (!target.isArray() || target.size() != steps) {
            throw new BadTargetException("the record has " + steps + " timesteps: target must be an array of " + steps
                    + " values, one per timestep");
        }
        double[] values = new double[steps];
        Arrays.fill(values, Double.NaN);
        for (int i = 0; i < steps; i++) {
            values[i] = value(target.get(i));
        }
        return values;
    }

    /** One timestep's target: a number (output 0's) or an array with one number per output. */
    private double value(JsonNode v) throws BadTargetException {
        JsonNode n = v;
        if (v.isArray()) {
            if (output >= v.size()) {
                throw new BadTargetException(
                        "target has " + v.size() + " values, the report plots output " + output + " (--report-output)");
            }
            n = v.get(output);
        } else if (output != 0) {
            throw new BadTargetException("target is one number, the report plots output " + output
                    + " (--report-output): give an array like y");
        }
        if (!n.isNumber()) {
            throw new BadTargetException("target must be a number or an array of numbers");
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw new BadTargetException("target is not finite");
        }
        return d;
    }
}
