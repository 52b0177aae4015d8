package lstmjob.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The generated oracle cases copied into the test resources, each model file with its expected outputs. */
public final class OracleCases {

    /** One model file of one case: the expected file that goes with it, per the case's case.json. */
    public record ModelCase(String caseName, Path dir, String modelFile, Path expected) {
        public Path model() {
            return dir.resolve(modelFile);
        }

        public Path stream() {
            return dir.resolve("stream.jsonl");
        }

        public Path invalidStream() {
            return dir.resolve("stream.invalid.jsonl");
        }

        public Path expectedDeadLetters() {
            return dir.resolve("expected.dead.jsonl");
        }

        @Override
        public String toString() {
            return caseName + "/" + modelFile;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private OracleCases() {}

    /** The oracle folder in the source tree (read from there, as other modules get these classes in a jar). */
    public static Path root() {
        return Repository.root().resolve("operators/src/test/resources/oracle");
    }

    /** The generated Functional-model cases (several inputs and outputs, ids, convolutions, merges, masking). */
    public static Path rootV2() {
        return Repository.root().resolve("operators/src/test/resources/oracle-v2");
    }

    /** The ONNX cases (PyTorch exports) in the source tree. */
    public static Path onnxRoot() {
        return Repository.root().resolve("operators/src/test/resources/onnx");
    }

    /** Every case × every model file, in suite order. */
    public static List<ModelCase> all() {
        return all(root());
    }

    /** Every Functional-model case × every model file, in suite order. */
    public static List<ModelCase> allV2() {
        return all(rootV2());
    }

    /** Every ONNX case × its two model files ({@code model.onnx}, {@code model.seq.onnx}), in suite order. */
    public static List<ModelCase> onnx() {
        return all(onnxRoot());
    }

    private static List<ModelCase> all(Path root) {
        try {
            List<ModelCase> out = new ArrayList<>();
            for (JsonNode c : JSON.readTree(root.resolve("suite.json").toFile()).path("cases")) {
                String name = c.has("dir")
                        ? c.path("dir").asText()
                        : "case-" + c.path("seed").asText();
                Path dir = root.resolve(name);
                JsonNode models =
                        JSON.readTree(dir.resolve("case.json").toFile()).path("models");
                for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = it.next();
                    out.add(new ModelCase(
                            name,
                            dir,
                            m.getKey(),
                            dir.resolve(m.getValue().path("expected").asText())));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
