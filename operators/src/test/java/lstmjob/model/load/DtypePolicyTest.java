package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lstmjob.model.Model;
import lstmjob.model.ModelLoadException;
import lstmjob.model.ModelSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dtype or dtype policy a layer's config declares, in each form Keras writes it, edited into oracle models:
 * float policies other than float32 are served with the difference stated, integer and quantized ones refused.
 */
class DtypePolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void float32InEveryFormIsServedWithoutWarning() throws Exception {
        for (String file : List.of("model.keras", "model.json", "model.h5")) {
            Model m = Models.load(
                    KerasOracleFilesReadTest.oracle().resolve("case-5").resolve(file));
            assertEquals(List.of(), m.warnings(), file);
        }
        Model policy = Models.load(tfjs("case-5", l -> l.set("dtype", policy("Policy", "float32"))));
        assertEquals(List.of(), policy.warnings());
    }

    @Test
    void keras3MixedFloat16OnEveryLayerIsServedWithOneWarningNamingThem() throws Exception {
        Model m = Models.load(keras("case-11", l -> l.set("dtype", policy("DTypePolicy", "mixed_float16"))));
        assertEquals(1, m.warnings().size(), m.warnings().toString());
        String warning = m.warnings().get(0);
        List<String> names =
                Models.describe(KerasOracleFilesReadTest.oracle().resolve("case-11/model.keras")).layers().stream()
                        .map(LayerDescription::name)
                        .toList();
        assertEquals(3, names.size(), names.toString());
        assertTrue(
                warning.startsWith("layers '" + String.join("', '", names) + "' declare dtype mixed_float16: "
                        + "Keras computes in float16"),
                warning);
        assertTrue(warning.contains("about 5e-4 relative"), warning);
        assertTrue(ModelSummary.of(m).contains("Warning: " + warning), ModelSummary.of(m));
    }

    @Test
    void tfKerasMixedBfloat16PolicyIsServedWithTheBfloat16Difference() throws Exception {
        Model m = Models.load(tfjs("case-5", l -> l.set("dtype", policy("Policy", "mixed_bfloat16"))));
        assertEquals(1, m.warnings().size(), m.warnings().toString());
        assertTrue(
                m.warnings().get(0).startsWith("layer 'gru' declares dtype mixed_bfloat16: "),
                m.warnings().get(0));
        assertTrue(
                m.warnings().get(0).contains("bfloat16 (weights kept in float32)"),
                m.warnings().get(0));
        assertTrue(
                m.warnings().get(0).contains("about 4e-3 relative"),
                m.warnings().get(0));
    }

    @Test
    void float64AndFloat16AreServedWithTheirDifference() throws Exception {
        Model f64 = Models.load(tfjs("case-5", l -> l.put("dtype", "float64")));
        assertTrue(
                f64.warnings().get(0).contains("layer 'gru' declares dtype float64: Keras computes in float64"),
                f64.warnings().toString());
        Model f16 = Models.load(keras("case-5", l -> l.set("dtype", policy("DTypePolicy", "float16"))));
        assertTrue(
                f16.warnings().get(0).contains("beyond 65504"), f16.warnings().toString());
    }

    @Test
    void integerDtypeOnALayerThatComputesIsRefused() throws Exception {
        String message = refusal(tfjs("case-5", l -> l.put("dtype", "int32")));
        assertTrue(
                message.contains("layer 'gru' (GRU): it declares dtype int32: Keras computes it in integers"), message);
    }

    @Test
    void integerInputLayerAndIntegerIdentityLayerAreServed() throws Exception {
        // An integer input is fine (ids, e.g. for an Embedding); so is a layer that computes nothing.
        Map<String, byte[]> entries =
                Archives.entries(KerasOracleFilesReadTest.oracle().resolve("case-5/model.keras"));
        ObjectNode config = (ObjectNode) JSON.readTree(entries.get("config.json"));
        ObjectNode input = (ObjectNode) config.path("config").path("layers").get(0);
        assertEquals("InputLayer", input.path("class_name").asText());
        ((ObjectNode) input.path("config")).put("dtype", "int32");
        entries.put("config.json", JSON.writeValueAsBytes(config));
        assertEquals(
                List.of(),
                Models.load(Archives.write(tmp.resolve("int-input.keras"), entries))
                        .warnings());

        Path tfjs = tfjs("case-5", l -> {});
        ObjectNode root = (ObjectNode) JSON.readTree(tfjs.toFile());
        ObjectNode dropout = JSON.createObjectNode().put("class_name", "Dropout");
        dropout.putObject("config").put("name", "drop").put("rate", 0.5).put("dtype", "int32");
        ((ArrayNode) root.path("modelTopology").path("config").path("layers")).add(dropout);
        Files.write(tfjs, JSON.writeValueAsBytes(root));
        assertEquals(List.of(), Models.load(tfjs).warnings());
    }

    @Test
    void quantizedAndUnknownPoliciesAreRefused() throws Exception {
        String quantized =
                refusal(keras("case-5", l -> l.set("dtype", policy("QuantizedDTypePolicy", "int8_from_float32"))));
        assertTrue(
                quantized.contains(
                        "layer 'gru' (GRU): its weights are quantized (dtype policy " + "int8_from_float32)"),
                quantized);
        String unknown = refusal(tfjs("case-5", l -> l.put("dtype", "float8")));
        assertTrue(unknown.contains("its dtype 'float8' is not one this job knows"), unknown);
        String unreadable = refusal(tfjs("case-5", l -> l.putObject("dtype").put("class_name", "Policy")));
        assertTrue(unreadable.contains("is not one this job reads"), unreadable);
    }

    private static String refusal(Path file) {
        return assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
    }

    private static JsonNode policy(String className, String name) {
        ObjectNode p = JSON.createObjectNode().put("module", "keras").put("class_name", className);
        p.putObject("config").put("name", name);
        return p;
    }

    /** The case's TF.js model with {@code edit} applied to each layer's config. */
    private Path tfjs(String oracleCase, Consumer<ObjectNode> edit) throws Exception {
        Path oracle = KerasOracleFilesReadTest.oracle().resolve(oracleCase);
        Path folder = Files.createTempDirectory(tmp, "tfjs");
        Files.copy(oracle.resolve("group1-shard1of1.bin"), folder.resolve("group1-shard1of1.bin"));
        JsonNode root = JSON.readTree(oracle.resolve("model.json").toFile());
        for (JsonNode l : root.path("modelTopology").path("config").path("layers")) {
            edit.accept((ObjectNode) l.get("config"));
        }
        return Files.write(folder.resolve("model.json"), JSON.writeValueAsBytes(root));
    }

    /** The case's {@code .keras} archive with {@code edit} applied to each layer's config but the InputLayer's. */
    private Path keras(String oracleCase, Consumer<ObjectNode> edit) throws Exception {
        Map<String, byte[]> entries = Archives.entries(
                KerasOracleFilesReadTest.oracle().resolve(oracleCase).resolve("model.keras"));
        JsonNode config = JSON.readTree(entries.get("config.json"));
        for (JsonNode l : config.path("config").path("layers")) {
            if (!"InputLayer".equals(l.path("class_name").asText())) {
                edit.accept((ObjectNode) l.get("config"));
            }
        }
        entries.put("config.json", JSON.writeValueAsBytes(config));
        return Archives.write(Files.createTempFile(tmp, oracleCase, ".keras"), entries);
    }
}
