package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.ModelLoadException;

/**
 * Reads a TensorFlow.js Layers model: {@code model.json} (its {@code modelTopology}, Sequential or a
 * single-chain Functional model, possibly nested as {@code modelTopology.model_config}) and the binary weight
 * shards its {@code weightsManifest} lists beside it. Weights are float32, or quantized uint8/uint16/float16
 * and dequantized here; each is given to the layer its name starts with, in Keras's weight order.
 */
public final class TfjsReader {

    public static final String FORMAT = "tfjs-layers";

    /** Keras's {@code layer.weights} order for every weighted layer type the job serves. */
    private static final List<String> KERAS_ORDER = List.of(
            "kernel",
            "recurrent_kernel",
            "bias",
            "gamma",
            "beta",
            "moving_mean",
            "moving_variance",
            "mean",
            "variance",
            "count",
            "alpha");

    private TfjsReader() {}

    public static ModelDescription read(Path file) throws IOException {
        return read(file, LoadLimits.DEFAULT);
    }

    public static ModelDescription read(Path file, LoadLimits limits) throws IOException {
        String source = file.toString();
        if (Files.size(file) > LoadLimits.MAX_TEXT_BYTES) {
            throw new ModelLoadException(source + ": the file has " + Files.size(file) + " bytes, more than a "
                    + "model.json may (" + LoadLimits.MAX_TEXT_BYTES + "); it is not a TensorFlow.js model");
        }
        JsonNode root = KerasModelConfig.parseJson(Files.readString(file, StandardCharsets.UTF_8), "JSON", source);
        JsonNode topology = root.path("modelTopology");
        if (!topology.isObject()) {
            if ("graph-model".equals(root.path("format").asText())) {
                throw new ModelLoadException(source + ": a TensorFlow.js graph model (a converted SavedModel), not a "
                        + "Layers model: only TensorFlow.js Layers models (tf.LayersModel.save) can be read");
            }
            throw new ModelLoadException(
                    source + ": not a TensorFlow.js Layers model: model.json has no modelTopology");
        }
        JsonNode model = topology.has("model_config") ? topology.get("model_config") : topology;
        model = snakeCaseKeys(model);
        KerasModelConfig config = KerasModelConfig.of(model, source);

        Map<String, LayerEntry> layers = new LinkedHashMap<>();
        for (KerasGraph.Node n : config.nodes()) {
            layers.put(n.id(), new LayerEntry(n.name()));
        }
        Path dir = file.toAbsolutePath().getParent();
        for (Tensor t : readWeights(root.path("weightsManifest"), dir, limits, source)) {
            owner(layers, t.name(), source).weights.add(t);
        }
        List<List<Tensor>> weights = new ArrayList<>();
        for (LayerEntry e : layers.values()) {
            // Each owner of weights in the layer (the layer, or each of an RNN's stacked cells) in manifest order.
            Map<String, Integer> owners = new LinkedHashMap<>();
            e.weights.forEach(t -> owners.putIfAbsent(ownerPath(t.name()), owners.size()));
            e.weights.sort(Comparator.comparingInt((Tensor t) -> owners.get(ownerPath(t.name())))
                    .thenComparingInt(t -> roleRank(t.name())));
            weights.add(List.copyOf(e.weights));
        }
        return config.describe(FORMAT, version(root, topology), ModelDescription.Flavor.TFJS, weights);
    }

    private static final class LayerEntry {
        final String name;
        final List<Tensor> weights = new ArrayList<>();

        LayerEntry(String name) {
            this.name = name;
        }
    }

    /** {@code tfjs-layers 4.22.0} as the topology records it, else what {@code generatedBy} says. */
    private static String version(JsonNode root, JsonNode topology) {
        String v = topology.path("keras_version").asText("");
        if (v.isEmpty()) {
            v = root.path("generatedBy").asText("");
        }
        return v.isEmpty() ? FORMAT : v;
    }

    /**
     * The layer a weight belongs to: the longest layer name that prefixes the weight's name up to a '/'; else (a
     * layer of a nested model, {@code encoder/lstm/kernel}) the first part of the weight's name that names a layer.
     */
    private static LayerEntry owner(Map<String, LayerEntry> layers, String weight, String source) {
        LayerEntry best = null;
        int bestLength = -1;
        for (LayerEntry e : layers.values()) {
            if (weight.startsWith(e.name + "/") && e.name.length() > bestLength) {
                best = e;
                bestLength = e.name.length();
            }
        }
        for (String part : weight.split("/")) {
            for (LayerEntry e : best == null ? layers.values() : List.<LayerEntry>of()) {
                if (e.name.equals(part)) {
                    return e;
                }
            }
        }
        if (best == null) {
            throw new ModelLoadException(
                    source + ": weight '" + weight + "' in the weights manifest belongs to no " + "layer of the model");
        }
        return best;
    }

    /** The path of what holds a weight: its name without the last part ({@code rnn/gru_cell} of its kernel). */
    private static String ownerPath(String weightName) {
        int slash = weightName.lastIndexOf('/');
        return slash < 0 ? "" : weightName.substring(0, slash);
    }

    /** A weight's place in Keras's order, from the last part of its name ({@code lstm/lstm_cell/kernel:0}). */
    private static int roleRank(String weightName) {
        String role = weightName.substring(weightName.lastIndexOf('/') + 1);
        int colon = role.indexOf(':');
        if (colon >= 0) {
            role = role.substring(0, colon);
        }
        int rank = KERAS_ORDER.indexOf(role);
        return rank < 0 ? KERAS_ORDER.size() : rank;
    }

    /** A manifest group: its shard files (concatenated, they hold its weights in order) and its weights. */
    private record ShardGroup(List<Path> shards, List<ManifestWeight> weights) {

        long declaredBytes() {
            return weights.stream().mapToLong(ManifestWeight::bytes).sum();
        }
    }

    /**
     * Reads the weights once the whole manifest is checked: shard paths inside the model's folder, shapes within
     * the parameter limit, and each group's shards exactly as long as its weights need.
     */
    private static List<Tensor> readWeights(JsonNode manifest, Path dir, LoadLimits limits, String source)
            throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        if (manifest.isMissingNode() || manifest.isNull()) {
            return tensors;
        }
        if (!manifest.isArray()) {
            throw new ModelLoadException(source + ": weightsManifest is not a list of weight groups");
        }
        List<ShardGroup> groups = new ArrayList<>();
        ParameterCount count = new ParameterCount(limits, source);
        for (JsonNode group : manifest) {
            List<Path> shards = ShardPaths.resolve(group.path("paths"), dir, source);
            List<ManifestWeight> weights = new ArrayList<>();
            for (JsonNode spec : group.path("weights")) {
                ManifestWeight weight = ManifestWeight.parse(spec, source);
                count.add(weight.name(), weight.shape());
                weights.add(weight);
            }
            groups.add(new ShardGroup(shards, weights));
        }
        for (ShardGroup group : groups) {
            checkShardSizes(group, source);
        }
        for (ShardGroup group : groups) {
            ByteBuffer data = ByteBuffer.wrap(readShards(group, source)).order(ByteOrder.LITTLE_ENDIAN);
            for (ManifestWeight weight : group.weights()) {
                tensors.add(weight.read(data));
            }
        }
        return tensors;
    }

    private static void checkShardSizes(ShardGroup group, String source) throws IOException {
        long declared = group.declaredBytes();
        long held = 0;
        for (Path shard : group.shards()) {
            held += Files.size(shard);
        }
        if (declared > Integer.MAX_VALUE - 8) {
            throw new ModelLoadException(source + ": a weights manifest group declares " + declared
                    + " bytes, more than one group may hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
        String shards = group.shards().stream()
                .map(p -> p.getFileName().toString())
                .toList()
                .toString();
        if (held > declared) {
            throw new ModelLoadException(source + ": the weight shards " + shards + " hold " + held + " bytes, but "
                    + "the weights manifest describes only " + declared + " (the shards do not belong to this "
                    + "model.json)");
        }
        long end = 0;
        for (ManifestWeight weight : group.weights()) {
            end += weight.bytes();
            if (end > held) {
                throw new ModelLoadException(source + ": the weight shards " + shards + " hold " + held + " bytes "
                        + "and end before weight '" + weight.name() + "' " + Arrays.toString(weight.shape())
                        + ", which the manifest places up to byte " + end + ": a shard is truncated");
            }
        }
    }

    /** The group's shards concatenated, into an array of the size their checked total declares. */
    private static byte[] readShards(ShardGroup group, String source) throws IOException {
        byte[] all = new byte[Math.toIntExact(group.declaredBytes())];
        int at = 0;
        for (Path shard : group.shards()) {
            try (InputStream in = Files.newInputStream(shard)) {
                int size = (int) Files.size(shard);
                if (size > all.length - at || in.readNBytes(all, at, size) != size || in.read() != -1) {
                    throw new ModelLoadException(source + ": weight shard " + shard + " changed while it was read");
                }
                at += size;
            }
        }
        return all;
    }

    /** IEEE 754 half to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * TF.js writes Python-style snake_case keys; older or hand-made files may use its camelCase option names.
     * Converts keys (never values) so that the builder reads one spelling.
     */
    static JsonNode snakeCaseKeys(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(snakeCase(e.getKey()), snakeCaseKeys(e.getValue()));
            }
            return out;
        }
        if (n.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            n.forEach(c -> out.add(snakeCaseKeys(c)));
            return out;
        }
        return n;
    }

    private static String snakeCase(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
