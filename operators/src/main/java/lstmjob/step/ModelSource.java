package lstmjob.step;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.Models;

/**
 * The model's files, carried inside the job graph so that every TaskManager loads the very same model
 * without needing the file on its disk: the main file plus, for TF.js, the weight shards beside it.
 */
public final class ModelSource implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final Map<String, byte[]> files;

    private ModelSource(String name, Map<String, byte[]> files) {
        this.name = name;
        this.files = files;
    }

    /** Reads the model file (and the TF.js shards it names) after checking that it loads. */
    public static ModelSource of(Path modelFile) {
        Model model = Models.load(modelFile); // refuse early, on the client, with the loader's message
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put(modelFile.getFileName().toString(), Files.readAllBytes(modelFile));
            if (model.format().equals("tfjs-layers")) {
                // The shards are the .bin files beside model.json; taking all of them is simpler than parsing the manifest again.
                try (Stream<Path> siblings = Files.list(modelFile.toAbsolutePath().getParent())) {
                    for (Path p : (Iterable<Path>) siblings.filter(p -> p.toString().endsWith(".bin")).sorted()::iterator) {
                        files.put(p.getFileName().toString(), Files.readAllBytes(p));
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException(modelFile + ": cannot read the file: " + e.getMessage(), e);
        }
        return new ModelSource(modelFile.toString(), files);
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
            return Models.load(main);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage model " + name, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp file is harmless; the load result stands
        }
    }
}
