package lstmjob.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import lstmjob.model.Model;
import lstmjob.model.ModelStepper;
import lstmjob.model.load.Models;
import lstmjob.testing.OracleCases;
import lstmjob.testing.Repository;

/**
 * A stream of samples over many keys, each key a sequence of {@code steps} timesteps with seq 1..steps, sent in
 * rounds (step 1 of every key, then step 2 of every key, ...), so that any interruption falls in the middle of
 * every key's sequence. Inputs are 0 or 1 (the example model counts 1s; any model takes them), exact in JSON
 * and in float32.
 *
 * <p>The uninterrupted output of every key is computed here with the model itself, one key at a time, from
 * zero state: what the job must produce, however often it is killed, stopped, rescaled or cut off from Kafka.
 */
final class Workload implements SampleStream {

    final Path modelFile;
    final Model model;
    final int keys;
    final int steps;
    private final float[][][] x; // [key][step][feature]

    Workload(Path modelFile, int keys, int steps, long seed) {
        this.modelFile = modelFile;
        this.model = Models.load(modelFile);
        this.keys = keys;
        this.steps = steps;
        SplittableRandom random = new SplittableRandom(seed);
        x = new float[keys][steps][model.inputSize()];
        for (float[][] key : x) {
            for (float[] step : key) {
                for (int f = 0; f < step.length; f++) {
                    step[f] = random.nextInt(2);
                }
            }
        }
    }

    /**
     * The example model of the README when it is there, else a small GRU of the oracle fixtures (6 inputs,
     * 2 outputs): the tests need a model, not a particular one, since the expected outputs come from it.
     */
    static Path defaultModel() {
        Path example = Repository.root().resolve("example/running-count.keras");
        return Files.isRegularFile(example) ? example : OracleCases.root().resolve("case-5/model.keras");
    }

    @Override
    public int size() {
        return keys * steps;
    }

    String key(int k) {
        return String.format("key-%04d", k);
    }

    /** The n-th record of the stream (0-based): its Kafka key and JSON value. */
    @Override
    public String[] record(int n) {
        int step = n / keys;
        int k = n % keys;
        StringBuilder json = new StringBuilder(64)
                .append("{\"key\":\"")
                .append(key(k))
                .append("\",\"seq\":")
                .append(step + 1)
                .append(",\"x\":[");
        float[] in = x[k][step];
        for (int f = 0; f < in.length; f++) {
            json.append(f == 0 ? "" : ",").append(in[f]);
        }
        return new String[] {key(k), json.append("]}").toString()};
    }

    /** Every key's outputs y for steps 1..steps, stepping the model uninterrupted from zero state. */
    Map<String, List<float[]>> expected() {
        ModelStepper stepper = model.newStepper(1);
        Map<String, List<float[]>> out = new LinkedHashMap<>();
        for (int k = 0; k < keys; k++) {
            float[] state = new float[model.stateLayout().floats()];
            List<float[]> ys = new ArrayList<>(steps);
            for (int s = 0; s < steps; s++) {
                float[] y = new float[model.outputSize()];
                stepper.step(x[k][s], state, y);
                ys.add(y);
            }
            out.put(key(k), ys);
        }
        return out;
    }
}
