package lstmjob.model.load.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.Mask;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.onnx.FlowGraph.DenseNode;
import lstmjob.model.load.onnx.FlowGraph.Input;
import lstmjob.model.load.onnx.FlowGraph.LayerNode;
import lstmjob.model.load.onnx.FlowGraph.Merge;
import lstmjob.model.load.onnx.FlowGraph.Node;
import lstmjob.testing.OracleCases;
import lstmjob.testing.OracleCases.ModelCase;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ONNX case, several inputs and outputs included, computes PyTorch's outputs when what the loader recognised
 * ({@link OnnxFlow}) is stepped node by node: the layers, merges and heads are right before any model of more than
 * one chain serves them. The timesteps are those {@code expected.jsonl} lists per key (its resets zero the key's
 * states), each read from the key's next record in {@code stream.jsonl} with that {@code seq}.
 */
class OnnxFlowParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() {
        return OracleCases.onnx().stream().map(c -> Arguments.of(c.toString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRecognisedGraphComputesPyTorchsOutputs(String name, ModelCase c) throws IOException {
        MatrixKernel kernel = Kernels.java();
        OnnxFlow flow = OnnxReader.flow(c.model(), LoadLimits.DEFAULT, kernel);
        Stepper stepper = new Stepper(flow, kernel);
        Map<String, List<JsonNode>> records = new HashMap<>();
        for (String line : Files.readAllLines(c.stream(), StandardCharsets.UTF_8)) {
            JsonNode r = JSON.readTree(line);
            if (r.has("x")) {
                records.computeIfAbsent(r.path("key").asText(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        Map<String, Integer> cursor = new HashMap<>();
        Map<String, JsonNode> current = new HashMap<>();
        Map<String, Integer> used = new HashMap<>();
        int predictions = 0;
        for (String line : Files.readAllLines(c.expected(), StandardCharsets.UTF_8)) {
            JsonNode e = JSON.readTree(line);
            String key = e.path("key").asText();
            if (e.path("type").asText().equals("reset")) {
                stepper.reset(key);
                continue;
            }
            int t = used.getOrDefault(key, 0);
            if (!current.containsKey(key) || t == timesteps(current.get(key).path("x"))) {
                List<JsonNode> own = records.get(key);
                int at = cursor.getOrDefault(key, 0);
                while (!e.path("seq").equals(own.get(at).path("seq"))) {
                    at++;
                }
                current.put(key, own.get(at));
                cursor.put(key, at + 1);
                t = 0;
            }
            used.put(key, t + 1);
            Map<String, float[]> y = stepper.step(key, current.get(key).path("x"), t);
            for (int o = 0; o < flow.outputNames().size(); o++) {
                String out = flow.outputNames().get(o);
                JsonNode want = flow.outputNames().size() == 1
                        ? e.path("y")
                        : e.path("y").path(out);
                float[] got = y.get(out);
                assertEquals(want.size(), got.length, name + " " + out);
                for (int i = 0; i < got.length; i++) {
                    double b = want.get(i).asDouble();
                    assertTrue(
                            Math.abs(got[i] - b) <= 1e-5 * Math.max(1, Math.abs(b)),
                            name + " " + key + " seq " + e.path("seq") + " step " + e.path("step") + " " + out + "[" + i
                                    + "]: " + got[i] + " vs " + b);
                }
            }
            predictions++;
        }
        assertTrue(predictions > 0);
    }

    /** Timesteps in a record's x: a chunk is an array of arrays (of features, or of one id). */
    private static int timesteps(JsonNode x) {
        JsonNode member = x.isObject() ? x.elements().next() : x;
        return member.get(0).isArray() ? member.size() : 1;
    }

    /** Steps an {@link OnnxFlow} one key and one timestep at a time, each key with its own states. */
    private static final class Stepper {
        private final OnnxFlow flow;
        private final Layer[] layers;
        private final Object[] scratch;
        private final Map<String, FMatrixRMaj[][]> states = new HashMap<>();
        private final Mask mask = new Mask(1);

        Stepper(OnnxFlow flow, MatrixKernel kernel) {
            this.flow = flow;
            int n = flow.graph().size();
            layers = new Layer[n];
            scratch = new Object[n];
            for (int i = 0; i < n; i++) {
                Node node = flow.graph().get(i);
                if (node instanceof LayerNode l) {
                    layers[i] = l.layer();
                } else if (node instanceof DenseNode d) {
                    layers[i] = d.layer(kernel);
                }
                if (layers[i] != null) {
                    scratch[i] = layers[i].newScratch(1);
                }
            }
        }

        void reset(String key) {
            states.remove(key);
        }

        Map<String, float[]> step(String key, JsonNode x, int t) {
            FMatrixRMaj[][] st = states.computeIfAbsent(key, k -> {
                FMatrixRMaj[][] s = new FMatrixRMaj[layers.length][];
                for (int i = 0; i < layers.length; i++) {
                    if (layers[i] != null) {
                        s[i] = new FMatrixRMaj[layers[i].stateVectors()];
                        for (int v = 0; v < s[i].length; v++) {
                            s[i][v] = new FMatrixRMaj(1, layers[i].stateSize());
                        }
                    }
                }
                return s;
            });
            boolean[] needed = flow.graph().reachedFrom(flow.outputs());
            float[][] values = new float[layers.length][];
            for (int i = 0; i < layers.length; i++) {
                if (!needed[i]) {
                    continue;
                }
                Node node = flow.graph().get(i);
                if (node instanceof Input in) {
                    JsonNode member = flow.inputs().size() == 1 && !x.isObject()
                            ? x
                            : x.path(in.input().name());
                    JsonNode timestep = member.get(0).isArray() ? member.get(t) : member;
                    float[] v = new float[timestep.size()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = (float) timestep.get(k).asDouble();
                    }
                    values[i] = v;
                } else if (node instanceof Merge m) {
                    values[i] = merge(m, values);
                } else {
                    Layer l = layers[i];
                    FMatrixRMaj in = FMatrixRMaj.wrap(
                            1, l.inputSize(), values[node.inputs().get(0)]);
                    FMatrixRMaj out = new FMatrixRMaj(1, l.outputSize());
                    mask.clear();
                    l.step(in, out, st[i], mask, scratch[i]);
                    values[i] = out.data;
                }
            }
            Map<String, float[]> y = new HashMap<>();
            for (int o = 0; o < flow.outputs().size(); o++) {
                y.put(flow.outputNames().get(o), values[flow.outputs().get(o)]);
            }
            return y;
        }

        private static float[] merge(Merge m, float[][] values) {
            float[] out = new float[m.size()];
            if (m.op().equals("Concat")) {
                int at = 0;
                for (int in : m.inputs()) {
                    System.arraycopy(values[in], 0, out, at, values[in].length);
                    at += values[in].length;
                }
                return out;
            }
            float[] a = values[m.inputs().get(0)];
            float[] b = values[m.inputs().get(1)];
            for (int k = 0; k < out.length; k++) {
                out[k] = m.op().equals("Add") ? a[k] + b[k] : a[k] * b[k];
            }
            return out;
        }
    }
}
