package lstmjob.demo;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import lstmjob.model.ModelInput;

/**
 * What the demo sends for one timestep of one key: the record's {@code x}, and what the demo prints beside the
 * prediction that comes back for it.
 */
public interface DemoSamples {

    /** One timestep: {@code x} as JSON, and the text shown beside its prediction. */
    record Sample(String x, String shown) {}

    /**
     * The next timestep of a key.
     *
     * @param key   the key's index, from 0
     * @param first whether this timestep starts a new sequence of the key
     */
    Sample next(int key, boolean first, Random random);

    /** The running-count example's samples: 0 or 1, shown with the true count of ones so far. */
    static DemoSamples runningCount(int keys) {
        int[] count = new int[keys];
        return (key, first, random) -> {
            if (first) {
                count[key] = 0;
            }
            int x = random.nextInt(2);
            count[key] += x;
            return new Sample("[" + x + "]", String.format(Locale.ROOT, "x=%d  count so far %-3d", x, count[key]));
        };
    }

    /**
     * Random samples any model takes: features uniform in [0, 1), ids uniform over the vocabulary (above 0, which
     * some models read as padding), one member per input when the model has several.
     */
    static DemoSamples forInputs(List<ModelInput> inputs) {
        return (key, first, random) -> {
            StringBuilder x = new StringBuilder();
            if (inputs.size() > 1) {
                x.append('{');
            }
            for (int i = 0; i < inputs.size(); i++) {
                ModelInput in = inputs.get(i);
                if (inputs.size() > 1) {
                    x.append(i == 0 ? "" : ",").append('"').append(in.name()).append("\":");
                }
                x.append('[');
                if (in.takesIds()) {
                    x.append(in.size() > 1 ? 1 + random.nextInt(in.size() - 1) : 0);
                } else {
                    for (int f = 0; f < in.size(); f++) {
                        x.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", random.nextFloat()));
                    }
                }
                x.append(']');
            }
            if (inputs.size() > 1) {
                x.append('}');
            }
            String shown = x.length() <= 40 ? x.toString() : x.substring(0, 37) + "...";
            return new Sample(x.toString(), "x=" + shown);
        };
    }
}
