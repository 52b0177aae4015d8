package lstmjob.step;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.Models;
import org.apache.flink.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model's files, carried inside the job graph so that every TaskManager loads the very same model
 * without needing the file on its disk: the main file plus, for TF.js, the weight shards beside it, or, for a Keras
 * architecture JSON, its weights file.
 */
public final class ModelSource implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ModelSource.class);

    private final String name;
    private final Map<String, byte[]> files;
    /** A Keras architecture JSON's weights file (name → bytes), apart from {@link #files}; null for other models. */
    private final String weightsName;

    private final byte[] weights;
    /** The loader's limit, applied again wherever the model is loaded. */
    private final long maxParameters;

    private final boolean allowNonFiniteWeights;

    private ModelSource(String name, Map<String, byte[]> files, String weightsName, byte[] weights, LoadLimits limits) {
        this.name = name;
        this.files = files;
        this.weightsName = weightsName;
        this.weights = weights;
        this.maxParameters = limits.maxParameters();
        this.allowNonFiniteWeights = limits.allowNonFiniteWeights();
    }

    /** Reads the model file (and the TF.js shards it names) after checking that it loads, with the default limits. */
    public static ModelSource of(Path modelFile) {
        return of(modelFile, LoadLimits.DEFAULT);
    }

    /** Reads the model file (and the TF.js shards it names) after checking that it loads within {@code limits}. */
    public static ModelSource of(Path modelFile, LoadLimits limits) {
        return of(modelFile, null, limits);
    }

    /**
     * Reads the model file (and the TF.js shards it names, or the weights file of a Keras architecture JSON,
     * {@code weightsFile}, null for other models) after checking that it loads within {@code limits}.
     */
    public static ModelSource of(Path modelFile, Path weightsFile, LoadLimits limits) {
        // refuse early, on the client, with the loader's message
        Model model = warned(Models.load(modelFile, weightsFile, limits));
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] weights = null;
        try {
            files.put(modelFile.getFileName().toString(), Files.readAllBytes(modelFile));
            if (weightsFile != null) {
                weights = Files.readAllBytes(weightsFile);
            }
            if (model.format().equals("tfjs-layers")) {
                // The shards are the .bin files beside model.json; taking all of them is simpler than parsing the
                // manifest again.
                try (Stream<Path> siblings =
                        Files.list(modelFile.toAbsolutePath().getParent())) {
                    for (Path p : (Iterable<Path>)
                            siblings.filter(p -> p.toString().endsWith(".bin")).sorted()::iterator) {
                        files.put(p.getFileName().toString(), Files.readAllBytes(p));
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException(modelFile + ": cannot read the file: " + e.getMessage(), e);
        }
        return new ModelSource(
                Models.source(modelFile, weightsFile),
                files,
                weightsFile == null ? null : weightsFile.getFileName().toString(),
                weights,
                limits);
    }

    /** Logs how serving the model may differ from what Keras computes, wherever it is loaded. */
    private static Model warned(Model model) {
        model.warnings().forEach(w -> LOG.warn("{}: {}", model.source(), w));
        return model;
    }

    public String name() {
        return name;
    }

    /** Loads the model from the carried bytes (in a temporary directory, removed again). */
    public Model load() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("lstm-model");
            Path main = null;
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.write(p, f.getValue());
                if (main == null) {
                    main = p;
                }
            }
            Path weightsFile = null;
            if (weightsName != null) {
                // in a folder of its own: its name may be the model file's
                weightsFile = Files.createDirectory(dir.resolve("weights")).resolve(weightsName);
                Files.write(weightsFile, weights);
            }
            return warned(Models.load(main, weightsFile, new LoadLimits(maxParameters, allowNonFiniteWeights)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage model " + name, e);
        } finally {
            if (dir != null) {
                FileUtils.deleteDirectoryQuietly(dir.toFile()); // a leftover temp file is harmless
            }
        }
    }
}
