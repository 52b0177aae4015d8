package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import lstmjob.model.Model;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.LstmLayer;
import lstmjob.model.load.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated TF.js model loads through the users' loader and computes what its weights say. */
class TfjsModelWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesAnLstmDenseModelTheLoaderReads() throws Exception {
        Path file = dir.resolve("m/model.json");
        TfjsModelWriter.write(ModelSpec.parse("lstm:32,input:8"), file);

        Model m = Models.load(file);
        assertEquals("tfjs-layers", m.format());
        assertEquals(8, m.inputSize());
        assertEquals(2, m.layers().size());
        assertInstanceOf(LstmLayer.class, m.layers().get(0));
        assertEquals(32, m.layers().get(0).outputSize());
        assertInstanceOf(DenseLayer.class, m.layers().get(1));
        assertEquals(1, m.outputSize());
        // LSTM: 4·H·(I + H + 1); Dense: H + 1
        assertEquals(4 * 32 * (8 + 32 + 1) + 32 + 1, m.parameterCount());
        assertEquals(2 * 32 * 4, m.stateLayout().bytes());
    }

    /**
     * Two steps computed here with textbook float loops from the shard's bytes, in the Keras layout the file
     * declares (kernel [I, 4H] and recurrent kernel [H, 4H] row-major, gates i, f, c, o), against the job's stepper.
     */
    @Test
    void theStepperComputesWhatTheShardHolds() throws Exception {
        int inputs = 3;
        int h = 5;
        Path file = dir.resolve("model.json");
        TfjsModelWriter.write(ModelSpec.parse("lstm:" + h + ",input:" + inputs + ",seed:9"), file);
        ByteBuffer shard = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(TfjsModelWriter.SHARD)))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] kernel = floats(shard, inputs * 4 * h);
        float[] recurrent = floats(shard, h * 4 * h);
        float[] bias = floats(shard, 4 * h);
        float[] dense = floats(shard, h);
        float denseBias = shard.getFloat();
        assertFalse(shard.hasRemaining());

        float[][] xs = {{0.5f, -1f, 0.25f}, {-0.3f, 0.8f, 1.5f}};
        float[] hState = new float[h];
        float[] cState = new float[h];
        Model m = Models.load(file);
        var stepper = m.newStepper(1);
        float[] state = new float[m.stateLayout().floats()];
        float[] y = new float[1];
        for (float[] x : xs) {
            float[] z = bias.clone();
            for (int j = 0; j < 4 * h; j++) {
                for (int i = 0; i < inputs; i++) {
                    z[j] += x[i] * kernel[i * 4 * h + j];
                }
                for (int k = 0; k < h; k++) {
                    z[j] += hState[k] * recurrent[k * 4 * h + j];
                }
            }
            float expected = denseBias;
            for (int k = 0; k < h; k++) {
                double in = sigmoid(z[k]);
                double forget = sigmoid(z[h + k]);
                double cell = Math.tanh(z[2 * h + k]);
                double out = sigmoid(z[3 * h + k]);
                cState[k] = (float) (forget * cState[k] + in * cell);
                hState[k] = (float) (out * Math.tanh(cState[k]));
                expected += hState[k] * dense[k];
            }
            stepper.step(x, state, y);
            assertEquals(expected, y[0], 1e-5, "y after input " + Arrays.toString(x));
        }
        // state layout: h then c
        assertArrayEquals(hState, Arrays.copyOfRange(state, 0, h), 1e-5f);
        assertArrayEquals(cState, Arrays.copyOfRange(state, h, 2 * h), 1e-5f);
    }

    @Test
    void theSeedDecidesTheWeights() throws Exception {
        TfjsModelWriter.write(ModelSpec.parse("lstm:4,input:2,seed:1"), dir.resolve("a/model.json"));
        TfjsModelWriter.write(ModelSpec.parse("lstm:4,input:2,seed:1"), dir.resolve("b/model.json"));
        TfjsModelWriter.write(ModelSpec.parse("lstm:4,input:2,seed:2"), dir.resolve("c/model.json"));
        byte[] a = Files.readAllBytes(dir.resolve("a").resolve(TfjsModelWriter.SHARD));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b").resolve(TfjsModelWriter.SHARD)));
        assertFalse(Arrays.equals(a, Files.readAllBytes(dir.resolve("c").resolve(TfjsModelWriter.SHARD))));
        assertTrue(Files.readString(dir.resolve("a/model.json")).contains("\"units\" : 4"));
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
