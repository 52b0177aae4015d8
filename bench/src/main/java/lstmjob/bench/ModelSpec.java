package lstmjob.bench;

import java.util.Locale;

/**
 * The shape of a model to generate for benchmarking: {@code lstm:H,input:I[,dense:O][,seed:S]}, an LSTM of H
 * units over I features per timestep, then Dense(O) (default 1), random weights from seed S (default 1).
 */
public record ModelSpec(int units, int inputs, int outputs, long seed) {

    public ModelSpec {
        if (units < 1 || inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("lstm, input and dense must be at least 1");
        }
    }

    /** Parses {@code lstm:32,input:8}; the message of a failure says what is expected. */
    public static ModelSpec parse(String text) {
        Integer units = null;
        Integer inputs = null;
        int outputs = 1;
        long seed = 1;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":", 2);
            if (kv.length != 2) {
                throw bad(text, "'" + part + "' is not NAME:NUMBER");
            }
            String name = kv[0].trim().toLowerCase(Locale.ROOT);
            long value;
            try {
                value = Long.parseLong(kv[1].trim());
            } catch (NumberFormatException e) {
                throw bad(text, "'" + kv[1] + "' is not a whole number");
            }
            if (value < 1 || (!name.equals("seed") && value > 65_536)) {
                throw bad(text, name + " must be in 1..65536");
            }
            switch (name) {
                case "lstm" -> units = (int) value;
                case "input" -> inputs = (int) value;
                case "dense" -> outputs = (int) value;
                case "seed" -> seed = value;
                default -> throw bad(text, "unknown part '" + name + "'");
            }
        }
        if (units == null || inputs == null) {
            throw bad(text, "lstm and input are required");
        }
        return new ModelSpec(units, inputs, outputs, seed);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("model spec '" + text + "': " + why
                + " (expected lstm:UNITS,input:FEATURES[,dense:OUTPUTS][,seed:N], e.g. lstm:32,input:8)");
    }

    @Override
    public String toString() {
        return "lstm:" + units + ",input:" + inputs + ",dense:" + outputs + ",seed:" + seed;
    }
}
