package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lstmjob.model.load.ModelDescription.Flavor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads every oracle case's Keras files (Keras 2 HDF5 in three flavours, Keras 3 legacy HDF5, Keras 3 .keras) and
 * checks them against the case description and, weight by weight, against the case's TensorFlow.js weights, which
 * the generator exported from the same model: same order, shapes and float32 values.
 */
class KerasOracleFilesReadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which flavour each recorded version is (stated here, not computed by the code under test). */
    private static final Map<String, Flavor> FLAVORS = Map.of(
            "2.1.6", Flavor.KERAS2, "2.3.0-tf", Flavor.TF_KERAS2, "2.15.0", Flavor.TF_KERAS2, "3.12.0", Flavor.KERAS3);

    static Path oracle() throws URISyntaxException {
        return Path.of(KerasOracleFilesReadTest.class
                        .getResource("/oracle/suite.json")
                        .toURI())
                .getParent();
    }

    static Stream<Arguments> files() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : JSON.readTree(oracle().resolve("suite.json").toFile()).path("cases")) {
            for (String file : List.of("model.h5", "model.k3.h5", "model.keras")) {
                out.add(Arguments.of(c.path("dir").asText(), file));
            }
        }
        assertEquals(72, out.size());
        return out.stream();
    }

    static ModelDescription read(Path file) throws IOException {
        return file.toString().endsWith(".keras") ? KerasZipReader.read(file) : KerasH5Reader.read(file);
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("files")
    void readsTheCase(String dir, String fileName) throws Exception {
        Path caseDir = oracle().resolve(dir);
        JsonNode c = JSON.readTree(caseDir.resolve("case.json").toFile());
        ModelDescription d = read(caseDir.resolve(fileName));

        assertEquals(fileName.endsWith(".keras") ? "keras3-zip" : "keras-h5", d.format());
        String version = c.path("models").path(fileName).path("keras_version").asText();
        assertEquals(version, d.kerasVersion());
        assertEquals(FLAVORS.get(version), d.flavor());
        assertEquals(c.path("input_dim").asInt(), d.inputSize());

        List<String> expectedLayers = new ArrayList<>();
        c.path("layers").forEach(l -> expectedLayers.add(l.asText()));
        List<String> actualLayers = d.layers().stream()
                .map(l -> "TimeDistributed".equals(l.className())
                        ? "TimeDistributed("
                                + l.config().path("layer").path("class_name").asText() + ")"
                        : l.className())
                .toList();
        assertEquals(expectedLayers, actualLayers);

        Map<String, List<Tensor>> tfjs = tfjsWeightsByLayer(caseDir);
        List<LayerDescription> withWeights =
                d.layers().stream().filter(l -> !l.weights().isEmpty()).toList();
        assertEquals(tfjs.size(), withWeights.size(), "layers with weights");
        int i = 0;
        for (List<Tensor> expected : tfjs.values()) {
            LayerDescription layer = withWeights.get(i++);
            assertEquals(expected.size(), layer.weights().size(), layer.name() + " weight count");
            for (int w = 0; w < expected.size(); w++) {
                Tensor e = expected.get(w);
                Tensor a = layer.weights().get(w);
                String what = layer.name() + " weight " + w + " (tfjs " + e.name() + ", file " + a.name() + ")";
                assertArrayEquals(e.shape(), a.shape(), what);
                assertArrayEquals(e.data(), a.data(), what);
            }
        }
        for (LayerDescription layer : d.layers()) {
            if (layer.className().equals("Dropout")) {
                assertTrue(layer.weights().isEmpty());
            }
        }
    }

    /** The TF.js manifest's weights (float32, little-endian, concatenated in the .bin), grouped by layer. */
    static Map<String, List<Tensor>> tfjsWeightsByLayer(Path caseDir) throws IOException {
        JsonNode model = JSON.readTree(caseDir.resolve("model.json").toFile());
        Map<String, List<Tensor>> byLayer = new LinkedHashMap<>();
        for (JsonNode group : model.path("weightsManifest")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonNode p : group.path("paths")) {
                bytes.writeBytes(Files.readAllBytes(caseDir.resolve(p.asText())));
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.path("weights")) {
                assertEquals("float32", w.path("dtype").asText());
                int[] shape = new int[w.path("shape").size()];
                int n = 1;
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = w.path("shape").get(k).asInt();
                    n *= shape[k];
                }
                float[] values = new float[n];
                buffer.asFloatBuffer().get(values);
                buffer.position(buffer.position() + 4 * n);
                String name = w.path("name").asText();
                byLayer.computeIfAbsent(name.substring(0, name.indexOf('/')), k -> new ArrayList<>())
                        .add(new Tensor(name, shape, values));
            }
        }
        return byLayer;
    }
}
