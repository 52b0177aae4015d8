package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.H5Values.StoredWeight;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Reads a Keras model saved in two files: its architecture, {@code model.to_json()}, and its weights,
 * {@code model.save_weights(...)}. The weights file is either Keras 2's ({@code m.h5}: {@code layer_names} and
 * one group per layer at its root, as a full model's {@code model_weights}) or Keras 3's ({@code m.weights.h5}: the
 * {@code .keras} archive's {@code model.weights.h5}); the layout is told by the file, not its name.
 *
 * <p>Keras 2's JSON records {@code keras_version}; Keras 3's does not (it is the {@code .keras} archive's
 * {@code config.json}), so a JSON without one, in Keras 3's serialization (its entries name their
 * {@code module}), is read by Keras 3's definitions.
 */
public final class KerasJsonReader {

    static final String FORMAT = "keras-json";

    /** The version shown for a Keras 3 architecture, which records none. */
    static final String KERAS3_UNRECORDED = "3 (not recorded in the JSON)";

    private KerasJsonReader() {}

    /** Whether a parsed JSON file is a Keras architecture ({@code to_json()}), not a TF.js {@code model.json}. */
    static boolean isArchitecture(JsonNode root) {
        return root.isObject() && root.has("class_name") && root.has("config") && !root.has("modelTopology");
    }

    /** The architecture JSON read, or a refusal saying it is not one. */
    static JsonNode architecture(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size > LoadLimits.MAX_TEXT_BYTES) {
            throw new ModelLoadException(source + ": the file has " + size + " bytes, more than a model's JSON may ("
                    + LoadLimits.MAX_TEXT_BYTES + ")");
        }
        return KerasModelConfig.parseJson(Files.readString(file, StandardCharsets.UTF_8), "JSON", source);
    }

    public static ModelDescription read(Path architecture, Path weights, LoadLimits limits) throws IOException {
        String source = architecture.toString();
        JsonNode root = architecture(architecture);
        if (!isArchitecture(root)) {
            throw new ModelLoadException(source + ": not a Keras architecture JSON (model.to_json()): it has no "
                    + "class_name and config at its top");
        }
        String version = root.path("keras_version").asText("");
        Flavor flavor;
        if (!version.isEmpty()) {
            flavor = KerasFlavors.of(version, source);
        } else if (root.has("module")) {
            version = KERAS3_UNRECORDED;
            flavor = Flavor.KERAS3;
        } else {
            throw new ModelLoadException(source + ": unsupported format version: the architecture JSON records no "
                    + "keras_version and is not in Keras 3's serialization, so it was not written by Keras 2.0 to 3.x "
                    + "(the versions this job reads)");
        }
        KerasModelConfig model = KerasModelConfig.of(root, source);
        String weightsSource = weights.toString();
        if (!Files.isRegularFile(weights)) {
            throw new ModelLoadException(weightsSource + ": no such weights file");
        }
        try (HdfFile hdf = H5Files.open(weights, limits, weightsSource)) {
            KerasH5Reader.checkNotTruncated(hdf, hdf.size(), weightsSource);
            List<List<StoredWeight>> found = weightsOf(hdf, model, weightsSource);
            List<List<Tensor>> tensors = StoredWeight.readAll(found, limits, weightsSource);
            return model.describe(FORMAT, version, flavor, tensors);
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // jhdf reads lazily and fails with its own (or buffer) exceptions on damaged structures.
            throw new ModelLoadException(
                    weightsSource + ": the file is truncated or corrupt: it cannot be read as HDF5 (" + e + ")", e);
        } catch (StackOverflowError e) {
            throw H5Files.loop(weightsSource, e);
        }
    }

    private static List<List<StoredWeight>> weightsOf(HdfFile hdf, KerasModelConfig model, String source) {
        if (hdf.getAttribute("layer_names") != null) {
            return KerasH5Reader.legacyWeights(hdf, "", model, true, source);
        }
        if (KerasZipReader.isSavedWeights(hdf)) {
            List<List<StoredWeight>> found = KerasZipReader.savedWeights(hdf, model, source, "the weights file");
            KerasZipReader.requireNoOtherLayers(hdf, model, source);
            return found;
        }
        if (hdf.getAttribute("model_config") != null) {
            throw new ModelLoadException(source + ": the file is a whole model (it has a model_config), not weights "
                    + "saved on their own: give it as --model, without --weights");
        }
        throw new ModelLoadException(source + ": not a Keras weights file: it has neither Keras 2's layer_names "
                + "attribute nor Keras 3's layers group (save the weights with model.save_weights(...))");
    }
}
