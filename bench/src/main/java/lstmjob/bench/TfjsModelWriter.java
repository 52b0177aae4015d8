package lstmjob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a TensorFlow.js Layers model (what {@code tf.LayersModel.save} writes: {@code model.json} and one weight
 * shard beside it) of an LSTM + Dense with random Glorot-uniform weights, so that {@code bench} can measure a
 * model of a given shape through the same loader users' files go through.
 */
public final class TfjsModelWriter {

    static final String SHARD = "group1-shard1of1.bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsModelWriter() {}

    /** Writes {@code modelJson} and its shard (in the same directory, created if needed). */
    public static void write(ModelSpec spec, Path modelJson) throws IOException {
        Path dir = modelJson.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        int h = spec.units();
        int i = spec.inputs();
        int o = spec.outputs();
        Random rnd = new Random(spec.seed());
        float[][] weights = {
            glorot(rnd, i * 4 * h, i, 4 * h),
            glorot(rnd, h * 4 * h, h, 4 * h),
            lstmBias(h),
            glorot(rnd, h * o, h, o),
            new float[o],
        };
        ByteBuffer shard = ByteBuffer.allocate(4 * total(weights)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] w : weights) {
            for (float v : w) {
                shard.putFloat(v);
            }
        }
        Files.write(dir.resolve(SHARD), shard.array());
        JSON.writerWithDefaultPrettyPrinter().writeValue(modelJson.toFile(), modelJson(spec));
    }

    private static ObjectNode modelJson(ModelSpec spec) {
        int h = spec.units();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "layers-model");
        root.put("generatedBy", "lstm-job bench --make-model " + spec);
        root.putNull("convertedBy");
        ObjectNode topology = root.putObject("modelTopology");
        topology.put("class_name", "Sequential");
        ObjectNode config = topology.putObject("config");
        config.put("name", "bench_model");
        ArrayNode layers = config.putArray("layers");

        ObjectNode lstm = layers.addObject();
        lstm.put("class_name", "LSTM");
        ObjectNode lc = lstm.putObject("config");
        lc.put("name", "lstm");
        lc.put("trainable", true);
        ArrayNode shape = lc.putArray("batch_input_shape");
        shape.add(1).addNull().add(spec.inputs());
        lc.put("dtype", "float32");
        lc.put("units", h);
        lc.put("activation", "tanh");
        lc.put("recurrent_activation", "sigmoid");
        lc.put("use_bias", true);
        lc.put("unit_forget_bias", true);
        lc.put("dropout", 0);
        lc.put("recurrent_dropout", 0);
        lc.put("return_sequences", false);
        lc.put("return_state", false);
        lc.put("go_backwards", false);
        lc.put("stateful", true);
        lc.put("unroll", false);

        ObjectNode dense = layers.addObject();
        dense.put("class_name", "Dense");
        ObjectNode dc = dense.putObject("config");
        dc.put("name", "dense");
        dc.put("trainable", true);
        dc.put("units", spec.outputs());
        dc.put("activation", "linear");
        dc.put("use_bias", true);

        topology.put("keras_version", "tfjs-layers 4.22.0");
        topology.put("backend", "tensor_flow.js");

        ArrayNode manifest = root.putArray("weightsManifest");
        ObjectNode group = manifest.addObject();
        group.putArray("paths").add(SHARD);
        ArrayNode ws = group.putArray("weights");
        weight(ws, "lstm/kernel", spec.inputs(), 4 * h);
        weight(ws, "lstm/recurrent_kernel", h, 4 * h);
        weight(ws, "lstm/bias", 4 * h);
        weight(ws, "dense/kernel", h, spec.outputs());
        weight(ws, "dense/bias", spec.outputs());
        return root;
    }

    private static void weight(ArrayNode weights, String name, int... shape) {
        ObjectNode w = weights.addObject();
        w.put("name", name);
        ArrayNode s = w.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        w.put("dtype", "float32");
    }

    private static float[] glorot(Random rnd, int n, int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
        }
        return v;
    }

    /** Zeros, with the forget gate's block (Keras order i, f, c, o) at 1, as {@code unit_forget_bias} initialises. */
    private static float[] lstmBias(int h) {
        float[] b = new float[4 * h];
        for (int k = h; k < 2 * h; k++) {
            b[k] = 1f;
        }
        return b;
    }

    private static int total(float[][] arrays) {
        int n = 0;
        for (float[] a : arrays) {
            n += a.length;
        }
        return n;
    }
}
