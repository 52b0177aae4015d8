package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.H5Values.StoredWeight;

/**
 * Reads a native {@code .keras} archive, as written by Keras 3 and tf.keras 2.13–2.15: {@code config.json} (the
 * model), {@code metadata.json} (the Keras version) and {@code model.weights.h5}.
 *
 * <p>The weights file addresses layers not by name but by where Keras's {@code saving_lib} walks to them: the
 * model's {@code layers} list, each layer under its snake_case class name made unique with {@code _1}, {@code _2}
 * ... in list order ({@code layers/lstm}, {@code layers/lstm_1}, {@code layers/dense}); a layer's own variables
 * in {@code vars/0, 1, ...}, then its child objects' by attribute name ({@code cell} of an RNN, {@code layer} of
 * TimeDistributed). Keras 3.12+ also records the layer's name on {@code vars}, which is checked when present.
 * tf.keras 2.13 numbers the groups differently (see {@link #weightPaths(List, WeightGroups)}), and archives
 * written on Windows spell the paths with backslashes ({@link WeightGroups}).
 */
public final class KerasZipReader {

    static final String FORMAT = "keras3-zip";

    private static final String CONFIG = "config.json";
    private static final String METADATA = "metadata.json";
    private static final String WEIGHTS = "model.weights.h5";
    private static final int MAX_DEPTH = WeightGroups.MAX_DEPTH;
    /** Where Keras 3 and tf.keras 2.14/2.15 save the layers' weights. */
    private static final String KERAS3_LAYERS = "layers";
    /** Where tf.keras 2.13 saves them. */
    private static final String TF213_LAYERS = "_layer_checkpoint_dependencies";

    private final ZipFile zip;
    private final long archiveSize;
    private final LoadLimits limits;
    private final String source;

    private KerasZipReader(ZipFile zip, long archiveSize, LoadLimits limits, String source) {
        this.zip = zip;
        this.archiveSize = archiveSize;
        this.limits = limits;
        this.source = source;
    }

    public static ModelDescription read(Path file) throws IOException {
        return read(file, LoadLimits.DEFAULT);
    }

    public static ModelDescription read(Path file, LoadLimits limits) throws IOException {
        String source = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return new KerasZipReader(zip, Files.size(file), limits, source).describe();
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException e) {
            // ZipException for a missing central directory (a cut file), bad CRC or bad deflate data; EOFException
            // for an entry cut short.
            throw new ModelLoadException(
                    source + ": the file is truncated or corrupt: it cannot be read as a zip " + "archive (" + e + ")",
                    e);
        } catch (RuntimeException e) {
            // jhdf fails with its own (or buffer) exceptions on a damaged weights file.
            throw new ModelLoadException(
                    source + ": the file is truncated or corrupt: its " + WEIGHTS + " cannot be read as HDF5 (" + e
                            + ")",
                    e);
        } catch (StackOverflowError e) {
            throw H5Files.loop(source + " (" + WEIGHTS + ")", e);
        }
    }

    private ModelDescription describe() throws IOException {
        byte[] configBytes = entry(CONFIG, LoadLimits.MAX_TEXT_BYTES);
        byte[] metadataBytes = entry(METADATA, LoadLimits.MAX_TEXT_BYTES);
        String version = KerasModelConfig.parseJson(text(metadataBytes), METADATA, source)
                .path("keras_version")
                .asText("");
        if (version.isEmpty()) {
            throw new ModelLoadException(
                    source + ": unsupported format version: its " + METADATA + " records no keras_version");
        }
        ModelDescription.Flavor flavor = KerasFlavors.of(version, source);
        KerasModelConfig model =
                KerasModelConfig.of(KerasModelConfig.parseJson(text(configBytes), CONFIG, source), source);
        if (zip.getEntry(WEIGHTS) == null) {
            String why = zip.getEntry("model.weights.json") != null
                    ? "its weights are sharded over several files, which this job does not read"
                    : "it has no " + WEIGHTS;
            throw new ModelLoadException(source + ": unsupported .keras archive: " + why);
        }
        byte[] weightBytes = entry(WEIGHTS, limits.maxWeightBytes());
        // In memory, jhdf reads only within these bytes, whatever sizes the file declares.
        try (HdfFile weights = H5Files.of(ByteBuffer.wrap(weightBytes))) {
            KerasH5Reader.checkNotTruncated(weights, weightBytes.length, source + " (" + WEIGHTS + ")");
            List<List<Tensor>> tensors =
                    StoredWeight.readAll(savedWeights(weights, model, source, WEIGHTS), limits, source);
            return model.describe(FORMAT, version, flavor, tensors);
        }
    }

    /**
     * The graph's weights, node by node, in a weights file as Keras's {@code saving_lib} writes it (the
     * archive's {@code model.weights.h5}, or {@code save_weights("m.weights.h5")}), not yet read.
     *
     * @param file what to call the weights file in messages
     */
    static List<List<StoredWeight>> savedWeights(HdfFile weights, KerasModelConfig model, String source, String file) {
        WeightGroups groups = WeightGroups.of(
                weights,
                where -> new ModelLoadException(source + ": " + file + " nests groups deeper than " + MAX_DEPTH
                        + " levels at " + where + "; the file is corrupt"));
        Map<String, String> paths = weightPaths(model.allLayers(), groups);
        List<List<StoredWeight>> found = new ArrayList<>();
        for (KerasGraph.Node n : model.nodes()) {
            found.add(layerWeights(groups, path(paths, n), n.name(), source, file));
        }
        return found;
    }

    /**
     * Refuses a weights file that holds weights of layers the architecture does not have: weights saved apart from
     * it may be another model's, and a prefix of them would otherwise load.
     */
    static void requireNoOtherLayers(HdfFile weights, KerasModelConfig model, String source) {
        WeightGroups groups = WeightGroups.of(
                weights,
                where -> new ModelLoadException(
                        source + ": groups nested deeper than " + MAX_DEPTH + " levels at " + where));
        java.util.Set<String> claimed =
                new java.util.HashSet<>(weightPaths(model.allLayers(), groups).values());
        for (String top : List.of(KERAS3_LAYERS, TF213_LAYERS)) {
            for (String child : groups.children(top)) {
                String path = top + "/" + child;
                if (!claimed.contains(path) && groups.holdsData(path)) {
                    throw new ModelLoadException(source + ": the weights file holds weights at " + path
                            + ", a layer the architecture does not have: the two files are not of the same model");
                }
            }
        }
    }

    /** Whether a weights file is laid out as Keras's {@code saving_lib} writes it. */
    static boolean isSavedWeights(HdfFile weights) {
        return weights.getChild(KERAS3_LAYERS) != null || weights.getChild(TF213_LAYERS) != null;
    }

    /**
     * Each layer's group in the weights file. Keras 3 and tf.keras 2.14/2.15 ({@code saving_lib
     * ._save_container_state}): {@code layers/<snake_case class name>}, with {@code _1}, {@code _2} ... appended
     * to repeats, in list order. tf.keras 2.13: under {@code _layer_checkpoint_dependencies/}, with the per-class
     * counter advancing twice for a layer that has weights (a config's second SimpleRNN is {@code simple_rnn_2}).
     */
    static Map<String, String> weightPaths(List<JsonNode> layers, WeightGroups groups) {
        if (groups.has(KERAS3_LAYERS) || !groups.has(TF213_LAYERS)) {
            return weightPaths(layers);
        }
        Map<String, Integer> next = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        for (JsonNode layer : layers) {
            String base = snakeCase(layer.path("class_name").asText());
            int n = next.getOrDefault(base, 0);
            String path = TF213_LAYERS + "/" + (n == 0 ? base : base + "_" + n);
            next.put(base, n + (groups.holdsData(path) ? 2 : 1));
            paths.put(KerasModelConfig.name(layer), path);
        }
        return paths;
    }

    /** The Keras 3 paths: {@code layers/<snake_case class name>}, {@code _1}, {@code _2} ... for repeats. */
    static Map<String, String> weightPaths(List<JsonNode> layers) {
        Map<String, Integer> used = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        for (JsonNode layer : layers) {
            String base = snakeCase(layer.path("class_name").asText());
            Integer seen = used.get(base);
            String unique = seen == null ? base : base + "_" + (seen + 1);
            used.put(base, seen == null ? 0 : seen + 1);
            paths.put(KerasModelConfig.name(layer), KERAS3_LAYERS + "/" + unique);
        }
        return paths;
    }

    /**
     * Where a layer's weights are: a layer of a nested model is saved inside the nested model's group, under its
     * {@code layers} as the top level's are ({@code layers/functional/layers/lstm}).
     */
    private static String path(Map<String, String> top, KerasGraph.Node n) {
        List<JsonNode> owners = n.owners();
        if (owners.isEmpty()) {
            return top.get(n.name());
        }
        String path = top.get(KerasGraph.nameOf(owners.get(0)));
        for (int k = 0; k < owners.size(); k++) {
            String inner = k + 1 < owners.size() ? KerasGraph.nameOf(owners.get(k + 1)) : n.name();
            path = path + "/" + weightPaths(layersOf(owners.get(k))).get(inner);
        }
        return path;
    }

    private static List<JsonNode> layersOf(JsonNode model) {
        JsonNode config = model.path("config");
        List<JsonNode> layers = new ArrayList<>();
        (config.isArray() ? config : config.path("layers")).forEach(layers::add);
        return layers;
    }

    /**
     * Keras's {@code naming.to_snake_case}: {@code LSTM} → lstm, {@code SimpleRNN} → simple_rnn,
     * {@code TimeDistributed} → time_distributed.
     */
    static String snakeCase(String className) {
        String name = className.replaceAll("\\W+", "");
        name = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static List<StoredWeight> layerWeights(
            WeightGroups weights, String path, String layer, String source, String file) {
        String where = source + ": layer '" + layer + "'";
        if (!weights.has(path)) {
            throw new ModelLoadException(
                    where + ": its weights are missing from " + file + " (expected at " + path + ")");
        }
        if (weights.node(path + "/vars") instanceof Group vars) {
            String recorded = H5Values.string(vars, "name", source);
            if (recorded != null && !recorded.equals(layer)) {
                throw new ModelLoadException(where + ": " + file + " holds the weights of layer '" + recorded
                        + "' at " + path + ", where Keras would have saved this layer's; " + file
                        + " and the model's config are inconsistent");
            }
        }
        List<StoredWeight> found = new ArrayList<>();
        collect(weights, path, where, file, found);
        return found;
    }

    /**
     * A saved object's variables in Keras's save order: its own {@code vars/0, 1, ...}, then its child objects'
     * groups by attribute name (private ones, starting with '_', last, as saving_lib sorts them).
     */
    private static void collect(WeightGroups weights, String path, String where, String file, List<StoredWeight> out) {
        String varsPath = path + "/vars";
        List<String> indices = new ArrayList<>(weights.children(varsPath));
        for (String index : indices) {
            if (!index.matches("\\d+")) {
                throw new ModelLoadException(where + ": unexpected entry '" + varsPath + "/" + index + "' in " + file);
            }
        }
        indices.sort(Comparator.comparingInt(Integer::parseInt));
        for (int i = 0; i < indices.size(); i++) {
            String at = varsPath + "/" + indices.get(i);
            if (Integer.parseInt(indices.get(i)) != i || !(weights.node(at) instanceof Dataset d)) {
                throw new ModelLoadException(where + ": weight " + i + " is missing from " + varsPath + " in " + file);
            }
            out.add(new StoredWeight(varsPath + "/" + i, d, where));
        }
        List<String> children = new ArrayList<>(weights.children(path));
        children.remove("vars");
        children.sort(Comparator.comparing((String c) -> c.startsWith("_") ? "~" + c : c));
        for (String child : children) {
            if (!(weights.node(path + "/" + child) instanceof Dataset)) {
                collect(weights, path + "/" + child, where, file, out);
            }
        }
    }

    private byte[] entry(String name, long limit) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new ModelLoadException(source + ": not a Keras 3 .keras archive: it has no " + name
                    + " (a .keras file holds config.json, metadata.json and model.weights.h5)");
        }
        return ZipEntryBytes.read(zip, entry, limit, archiveSize, source);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
