package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import lstmjob.model.layers.kernels.KernelPaths;
import lstmjob.model.load.Models;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A key's step gives the same bits whichever keys share its bundle and wherever its row is: replays and
 * recoveries compare byte for byte. Every oracle model (LSTM, GRU, SimpleRNN, mixed), on each kernel path.
 */
class BundleDeterminismTest {

    private static final int KEYS = 64;
    private static final int STEPS = 12;
    private static final int[] BUNDLES = {1, 7, 64};

    static Stream<Arguments> models() {
        return KernelPaths.BOTH.stream()
                .flatMap(path -> OracleCases.all().stream().map(c -> Arguments.of(path, c.toString(), c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("models")
    void theOracleStreamGivesTheSameBytesInBundlesOf1And7And64(String path, String name, OracleCases.ModelCase c) {
        Model m = KernelPaths.build(path, () -> Models.load(c.model()));
        Map<String, List<JsonNode>> one = StreamParity.runInBundles(m, c.stream(), 1);
        for (int bundle : BUNDLES) {
            Map<String, List<JsonNode>> got = StreamParity.runInBundles(m, c.stream(), bundle);
            assertEquals(text(one), text(got), path + ": " + name + ", bundles of " + bundle + " vs one key a step");
        }
    }

    /**
     * 64 keys stepped together, in bundles of 7 (the last of one row) and one by one, each timestep with the
     * keys in another order, so that every key changes its row and its neighbours: outputs and states to the bit.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("models")
    void aKeysStepDoesNotDependOnItsBundleOrRow(String path, String name, OracleCases.ModelCase c) {
        Model m = KernelPaths.build(path, () -> Models.load(c.model()));
        float[][][] inputs = inputs(m.inputSize(), c.toString().hashCode());
        Run reference = run(m, inputs, 1);
        for (int bundle : BUNDLES) {
            Run got = run(m, inputs, bundle);
            for (int key = 0; key < KEYS; key++) {
                String what = path + ": " + name + ", key " + key + " in bundles of " + bundle;
                assertArrayEquals(bits(reference.outputs[key]), bits(got.outputs[key]), what + ": outputs");
                assertArrayEquals(bits(reference.states[key]), bits(got.states[key]), what + ": state");
            }
        }
    }

    /** Every key's outputs of every step (concatenated) and its final state. */
    private record Run(float[][] outputs, float[][] states) {}

    private static Run run(Model m, float[][][] inputs, int bundle) {
        ModelStepper stepper = m.newStepper(bundle);
        int outSize = m.outputSize();
        float[][] states = new float[KEYS][m.stateLayout().floats()];
        float[][] outputs = new float[KEYS][STEPS * outSize];
        float[][] in = new float[bundle][];
        float[][] st = new float[bundle][];
        float[][] out = new float[bundle][outSize];
        SplittableRandom order = new SplittableRandom(7);
        for (int t = 0; t < STEPS; t++) {
            int[] keys = shuffled(order);
            for (int from = 0; from < KEYS; from += bundle) {
                int rows = Math.min(bundle, KEYS - from);
                for (int r = 0; r < rows; r++) {
                    in[r] = inputs[keys[from + r]][t];
                    st[r] = states[keys[from + r]];
                }
                stepper.step(rows, in, st, out);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(out[r], 0, outputs[keys[from + r]], t * outSize, outSize);
                }
            }
        }
        return new Run(outputs, states);
    }

    /** Inputs in [-2, 2), per key and timestep. */
    private static float[][][] inputs(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][][] x = new float[KEYS][STEPS][size];
        for (float[][] key : x) {
            for (float[] step : key) {
                for (int i = 0; i < size; i++) {
                    step[i] = (float) (random.nextDouble() * 4 - 2);
                }
            }
        }
        return x;
    }

    private static int[] shuffled(SplittableRandom random) {
        int[] keys = new int[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = i;
        }
        for (int i = KEYS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = keys[i];
            keys[i] = keys[j];
            keys[j] = swap;
        }
        return keys;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    /** The outputs as the job writes them, key by key. */
    private static String text(Map<String, List<JsonNode>> byKey) {
        return byKey.toString();
    }
}
