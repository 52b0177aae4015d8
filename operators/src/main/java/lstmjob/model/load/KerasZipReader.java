package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
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
 * Reads a Keras 3 native {@code .keras} archive: {@code config.json} (the model), {@code metadata.json} (the
 * Keras version) and {@code model.weights.h5}.
 *
 * <p>The weights file addresses layers not by name but by where Keras's {@code saving_lib} walks to them: the
 * model's {@code layers} list, each layer under its snake_case class name made unique with {@code _1}, {@code _2}
 * ... in list order ({@code layers/lstm}, {@code layers/lstm_1}, {@code layers/dense}); a layer's own variables
 * in {@code vars/0, 1, ...}, then its child objects' by attribute name ({@code cell} of an RNN, {@code layer} of
 * TimeDistributed). Keras 3.12+ also records the layer's name on {@code vars}, which is checked when present.
 */
public final class KerasZipReader {

    static final String FORMAT = "keras3-zip";

    private static final String CONFIG = "config.json";
    private static final String METADATA = "metadata.json";
    private static final String WEIGHTS = "model.weights.h5";
    private static final int MAX_DEPTH = 16;

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
            throw new ModelLoadException(source + ": the file is truncated or corrupt: it cannot be read as a zip "
                    + "archive (" + e + ")", e);
        } catch (RuntimeException e) {
            // jhdf fails with its own (or buffer) exceptions on a damaged weights file.
            throw new ModelLoadException(source + ": the file is truncated or corrupt: its " + WEIGHTS
                    + " cannot be read as HDF5 (" + e + ")", e);
        } catch (StackOverflowError e) {
            throw H5Files.loop(source + " (" + WEIGHTS + ")", e);
        }
    }

    private ModelDescription describe() throws IOException {
        byte[] configBytes = entry(CONFIG, LoadLimits.MAX_TEXT_BYTES);
        byte[] metadataBytes = entry(METADATA, LoadLimits.MAX_TEXT_BYTES);
        String version = KerasModelConfig.parseJson(text(metadataBytes), METADATA, source)
                .path("keras_version").asText("");
        if (version.isEmpty()) {
            throw new ModelLoadException(source + ": unsupported format version: its " + METADATA
                    + " records no keras_version");
        }
        ModelDescription.Flavor flavor = KerasFlavors.of(version, source);
        if (flavor != ModelDescription.Flavor.KERAS3) {
            // tf.keras 2.12-2.15 wrote an earlier variant of this archive whose weight layout is not verified here.
            throw new ModelLoadException(source + ": unsupported format version: this .keras archive was written by "
                    + "Keras " + version + "; this job reads .keras archives written by Keras 3.x (re-save the "
                    + "model with Keras 3, or save it as HDF5 with model.save(\"model.h5\"))");
        }
        KerasModelConfig model = KerasModelConfig.of(KerasModelConfig.parseJson(text(configBytes), CONFIG, source),
                source);
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
            Map<String, String> paths = weightPaths(model.allLayers());
            List<List<StoredWeight>> found = new ArrayList<>();
            for (JsonNode layer : model.chain()) {
                String name = KerasModelConfig.name(layer);
                found.add(layerWeights(weights, paths.get(name), name));
            }
            List<List<Tensor>> tensors = StoredWeight.readAll(found, limits, source);
            return new ModelDescription(FORMAT, version, flavor, model.inputSize(), model.describe(tensors));
        }
    }

    /**
     * Each layer's group in the weights file, as Keras's {@code saving_lib._save_container_state} names it:
     * {@code layers/<snake_case class name>}, with {@code _1}, {@code _2} ... appended to repeats, in list order.
     */
    static Map<String, String> weightPaths(List<JsonNode> layers) {
        Map<String, Integer> used = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        for (JsonNode layer : layers) {
            String base = snakeCase(layer.path("class_name").asText());
            Integer seen = used.get(base);
            String unique = seen == null ? base : base + "_" + (seen + 1);
            used.put(base, seen == null ? 0 : seen + 1);
            paths.put(KerasModelConfig.name(layer), "layers/" + unique);
        }
        return paths;
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

    private List<StoredWeight> layerWeights(HdfFile weights, String path, String layer) {
        String where = source + ": layer '" + layer + "'";
        if (!(node(weights, path) instanceof Group group)) {
            throw new ModelLoadException(where + ": its weights are missing from " + WEIGHTS + " (expected at "
                    + path + ")");
        }
        if (group.getChild("vars") instanceof Group vars) {
            String recorded = H5Values.string(vars, "name", source);
            if (recorded != null && !recorded.equals(layer)) {
                throw new ModelLoadException(where + ": " + WEIGHTS + " holds the weights of layer '" + recorded
                        + "' at " + path + ", where Keras would have saved this layer's; the archive is inconsistent");
            }
        }
        List<StoredWeight> found = new ArrayList<>();
        collect(group, path, where, found);
        return found;
    }

    /**
     * A saved object's variables in Keras's save order: its own {@code vars/0, 1, ...}, then its child objects'
     * groups by attribute name (private ones, starting with '_', last, as saving_lib sorts them).
     */
    private static void collect(Group group, String path, String where, List<StoredWeight> out) {
        if (path.chars().filter(c -> c == '/').count() > MAX_DEPTH) {
            // Keras nests a layer's objects a few levels deep; deeper is a damaged file whose groups loop.
            throw new ModelLoadException(where + ": " + WEIGHTS + " nests groups deeper than " + MAX_DEPTH
                    + " levels at " + path + "; the file is corrupt");
        }
        if (group.getChild("vars") instanceof Group vars) {
            List<String> indices = new ArrayList<>(vars.getChildren().keySet());
            for (String index : indices) {
                if (!index.matches("\\d+")) {
                    throw new ModelLoadException(where + ": unexpected entry '" + path + "/vars/" + index + "' in "
                            + WEIGHTS);
                }
            }
            indices.sort(Comparator.comparingInt(Integer::parseInt));
            for (int i = 0; i < indices.size(); i++) {
                if (Integer.parseInt(indices.get(i)) != i || !(vars.getChild(indices.get(i)) instanceof Dataset d)) {
                    throw new ModelLoadException(where + ": weight " + i + " is missing from " + path + "/vars in "
                            + WEIGHTS);
                }
                out.add(new StoredWeight(path + "/vars/" + i, d, where));
            }
        }
        List<String> children = new ArrayList<>(group.getChildren().keySet());
        children.remove("vars");
        children.sort(Comparator.comparing((String c) -> c.startsWith("_") ? "~" + c : c));
        for (String child : children) {
            if (group.getChild(child) instanceof Group g) {
                collect(g, path + "/" + child, where, out);
            }
        }
    }

    private static Node node(HdfFile file, String path) {
        Node node = file;
        for (String part : path.split("/")) {
            if (!(node instanceof Group g)) {
                return null;
            }
            node = g.getChildren().get(part);
        }
        return node;
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
