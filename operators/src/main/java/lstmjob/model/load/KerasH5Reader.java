package lstmjob.model.load;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.H5Values.StoredWeight;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Reads a legacy Keras HDF5 full-model file ({@code model.save("m.h5")}) as written by multi-backend Keras 2.0–2.3,
 * tf.keras 2.x and Keras 3: the {@code model_config} JSON attribute, the {@code keras_version} attribute, and the
 * {@code model_weights} group, where each layer's group lists its weights in {@code weight_names} (in the order of
 * Keras's {@code layer.weights}). Weights are found through those names, whose spelling differs across versions
 * ({@code lstm_1/kernel:0}, {@code lstm/lstm_cell/kernel:0}, {@code sequential/lstm/lstm_cell/kernel}).
 */
public final class KerasH5Reader {

    static final String FORMAT = "keras-h5";

    private KerasH5Reader() {}

    public static ModelDescription read(Path file) throws IOException {
        return read(file, LoadLimits.DEFAULT);
    }

    public static ModelDescription read(Path file, LoadLimits limits) throws IOException {
        String source = file.toString();
        try (HdfFile hdf = H5Files.open(file, limits, source)) {
            checkNotTruncated(hdf, hdf.size(), source);
            return describe(hdf, limits, source);
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf reads lazily and fails with its own (or buffer) exceptions on damaged structures.
            throw new ModelLoadException(
                    source + ": the file is truncated or corrupt: it cannot be read as HDF5 (" + e + ")", e);
        } catch (StackOverflowError e) {
            throw H5Files.loop(source, e);
        }
    }

    /** The superblock records where the file ends; a shorter file lost its tail (an interrupted copy or upload). */
    static void checkNotTruncated(HdfFile hdf, long size, String source) {
        var superblock = hdf.getHdfBackingStorage().getSuperblock();
        long end = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        if (size < end) {
            throw new ModelLoadException(source + ": the file is truncated or corrupt: it has " + size
                    + " bytes but its HDF5 header says " + end);
        }
    }

    private static ModelDescription describe(HdfFile hdf, LoadLimits limits, String source) {
        String modelConfig = H5Values.string(hdf, "model_config", source);
        if (modelConfig == null) {
            throw notAModel(hdf, source);
        }
        Node weightsNode = hdf.getChild("model_weights");
        String version = H5Values.string(hdf, "keras_version", source);
        if (version == null && weightsNode != null) {
            version = H5Values.string(weightsNode, "keras_version", source);
        }
        if (version == null) {
            throw new ModelLoadException(source + ": unsupported format version: the file records no keras_version, "
                    + "so it was not saved by Keras 2.0 to 3.x (the versions this job reads)");
        }
        Flavor flavor = KerasFlavors.of(version, source);
        KerasModelConfig model =
                KerasModelConfig.of(KerasModelConfig.parseJson(modelConfig, "model_config attribute", source), source);
        if (!(weightsNode instanceof Group weights)) {
            throw new ModelLoadException(source + ": the file holds a model architecture but no weights "
                    + "(no model_weights group); save the trained model with model.save(...)");
        }
        List<List<StoredWeight>> found = legacyWeights(weights, "model_weights/", model, false, source);
        List<List<Tensor>> tensors = StoredWeight.readAll(found, limits, source);
        return model.describe(FORMAT, version, flavor, tensors);
    }

    /**
     * A nested model's weights are saved in one group under its name; each belongs to the layer named by the first
     * part of its name that is one of the nested layers' names ({@code sequential/dense/kernel:0} → dense).
     */
    private static List<StoredWeight> ownWeights(List<StoredWeight> all, String layer, Set<String> layers) {
        List<StoredWeight> own = new ArrayList<>();
        for (StoredWeight w : all) {
            for (String part : w.name().split("/")) {
                if (layers.contains(part)) {
                    if (part.equals(layer)) {
                        own.add(w);
                    }
                    break;
                }
            }
        }
        return own;
    }

    /**
     * The graph's weights, node by node, in a group laid out as Keras 2 saves weights (a full model's
     * {@code model_weights}, or the root of a {@code save_weights("m.h5")} file): the {@code layer_names}
     * attribute, and per layer a group whose {@code weight_names} attribute lists its datasets. Not yet read.
     *
     * @param at              the group's path in messages: {@code model_weights/}, or empty for the root
     * @param everyLayerListed whether a layer of the graph missing from {@code layer_names} is refused (weights
     *                         saved apart from the architecture); else it is taken to have no weights
     */
    static List<List<StoredWeight>> legacyWeights(
            Group weights, String at, KerasModelConfig model, boolean everyLayerListed, String source) {
        List<String> layerNames = H5Values.strings(weights, "layer_names", source);
        if (layerNames == null) {
            throw new ModelLoadException(source + ": the file is truncated or corrupt: "
                    + (at.isEmpty() ? "it has" : "its " + at.substring(0, at.length() - 1) + " group has")
                    + " no layer_names attribute");
        }
        Set<String> stored = new HashSet<>(layerNames);
        Map<String, Set<String>> nestedNames = new HashMap<>();
        for (KerasGraph.Node n : model.nodes()) {
            if (!n.owners().isEmpty()) {
                nestedNames
                        .computeIfAbsent(KerasGraph.nameOf(n.owners().get(0)), o -> new HashSet<>())
                        .add(n.name());
            }
        }
        List<List<StoredWeight>> found = new ArrayList<>();
        for (KerasGraph.Node n : model.nodes()) {
            // A layer of a nested model has its weights in the nested model's group.
            String owner = n.owners().isEmpty()
                    ? n.name()
                    : KerasGraph.nameOf(n.owners().get(0));
            if (stored.contains(owner)) {
                List<StoredWeight> all = layerWeights(weights, at, owner, source);
                found.add(n.owners().isEmpty() ? all : ownWeights(all, n.name(), nestedNames.get(owner)));
            } else if (everyLayerListed) {
                throw new ModelLoadException(source + ": layer '" + owner + "' of the architecture is missing from "
                        + "the weights file, which holds layers " + String.join(", ", layerNames) + ": the two "
                        + "files are not of the same model");
            } else {
                found.add(List.of());
            }
        }
        if (everyLayerListed) {
            Set<String> known = new HashSet<>();
            model.allLayers().forEach(l -> known.add(KerasModelConfig.name(l)));
            for (String name : layerNames) {
                List<String> held =
                        weights.getChild(name) instanceof Group g ? H5Values.strings(g, "weight_names", source) : null;
                if (!known.contains(name) && held != null && !held.isEmpty()) {
                    throw new ModelLoadException(source + ": the weights file holds weights of layer '" + name
                            + "', which the architecture does not have: the two files are not of the same model");
                }
            }
        }
        return found;
    }

    private static List<StoredWeight> layerWeights(Group weights, String at, String layer, String source) {
        String where = source + ": layer '" + layer + "'";
        if (!(weights.getChild(layer) instanceof Group group)) {
            throw new ModelLoadException(where + " is listed in " + at + "layer_names but has no weight group "
                    + "there; the file is truncated or corrupt");
        }
        List<String> names = H5Values.strings(group, "weight_names", source);
        List<StoredWeight> found = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (!(child(group, name) instanceof Dataset dataset)) {
                throw new ModelLoadException(where + ": weight '" + name + "' is listed in weight_names but absent "
                        + "from the file (" + at + layer + "/" + name + ")");
            }
            found.add(new StoredWeight(name, dataset, where));
        }
        return found;
    }

    /** The node at a '/'-separated path below {@code group}, or null. */
    private static Node child(Group group, String path) {
        Node node = group;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(node instanceof Group g)) {
                return null;
            }
            node = g.getChildren().get(part);
            if (node == null) {
                return null;
            }
        }
        return node == group ? null : node;
    }

    /** A file without model_config: Keras weights saved on their own, or not a Keras file at all. */
    private static ModelLoadException notAModel(HdfFile hdf, String source) {
        boolean kerasWeights = hdf.getAttribute("layer_names") != null
                || hdf.getAttribute("layer_names0") != null
                || hdf.getChild("model_weights") != null
                || hdf.getChild("layers") != null;
        if (kerasWeights) {
            return new ModelLoadException(source + ": the file holds weights but no model architecture (no "
                    + "model_config): it was saved with save_weights() instead of model.save(); give the model's "
                    + "architecture JSON (model.to_json()) as --model and this file as --weights, or save the whole "
                    + "model with model.save(...) and load that file");
        }
        return new ModelLoadException(source + ": not a Keras model file: this HDF5 file has no model_config "
                + "attribute (this job reads HDF5 models saved with Keras's model.save)");
    }
}
