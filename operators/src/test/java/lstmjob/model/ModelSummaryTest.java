package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import lstmjob.model.load.DescriptionSummary;
import lstmjob.model.load.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

class ModelSummaryTest {

    private static Path oracle(String file) throws URISyntaxException {
        return Path.of(
                ModelSummaryTest.class.getResource("/oracle/case-1/" + file).toURI());
    }

    @Test
    void tabulatesLayersTotalsAndStateCost() throws URISyntaxException {
        Model m = Models.load(oracle("model.json"));
        String s = ModelSummary.of(m);
        List<String> lines = s.lines().toList();
        assertTrue(lines.get(0).startsWith("Model: ") && lines.get(0).endsWith("model.json"), s);
        assertEquals("Format: tfjs-layers, Keras version tfjs-layers 4.22.0", lines.get(1));
        assertEquals("Input: gru_input (features, 5 per timestep)", lines.get(2));
        assertEquals("Output: time_distributed (12 per timestep)", lines.get(3));
        // case-1: GRU(6, reset_after) 5→6, GRU(6) 6→6, GRU(20) 6→20, TimeDistributed(Dense(12))
        assertTrue(lines.stream().anyMatch(l -> l.matches("gru \\(GRU\\) +6 +234")), s);
        assertTrue(lines.stream().anyMatch(l -> l.matches("gru_1 \\(GRU\\) +6 +234")), s);
        assertTrue(lines.stream().anyMatch(l -> l.matches("gru_2 \\(GRU\\) +20 +1,620")), s);
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("time_distributed \\(TimeDistributed\\(Dense\\)\\) +12 +252")),
                s);
        assertTrue(lines.contains("Total params: 2,340"), s);
        assertTrue(lines.contains("State per key: 128 bytes (32 float32: gru h 6, gru_1 h 6, gru_2 h 20)"), s);
        assertTrue(lines.contains("State layout fingerprint: " + m.stateLayout().fingerprint()), s);
    }

    @Test
    void describesAFileWithoutBuildingIt() throws URISyntaxException {
        String s = DescriptionSummary.of(Models.describe(oracle("model.json")), "case-1/model.json");
        assertTrue(s.startsWith("Model: case-1/model.json\n"), s);
        assertTrue(s.lines().anyMatch(l -> l.matches("gru \\(GRU\\) +\\(5, 18\\) \\(6, 18\\) \\(2, 18\\) +234")), s);
        assertTrue(s.contains("Total params: 2,340"), s);
    }

    /** An Embedding model takes one id per timestep, not its window length (500) in features. */
    @Test
    @EnabledIf("lstmjob.model.RealKerasFilesTest#fixturesPresent")
    void showsAnIdInputWithItsVocabulary() {
        Path served = RealKerasFilesTest.fixtures().resolve("akshit_emb-gru-k3/akshit_gru_model.keras");
        List<String> lines = ModelSummary.of(Models.load(served)).lines().toList();
        assertEquals("Input: input_layer_3 (ids, vocabulary 5000)", lines.get(2));
        assertEquals("Output: dense_4 (1 per timestep)", lines.get(3));
        assertTrue(lines.stream().noneMatch(l -> l.contains("features")), String.join("\n", lines));
        Path refused = RealKerasFilesTest.fixtures().resolve("crislap_bigru-tfk215/crislap_bidir_gru_model.keras");
        assertTrue(DescriptionSummary.of(Models.describe(refused), "crislap.keras")
                .lines()
                .anyMatch("Input: embedding_3_input (ids, vocabulary 1000)"::equals));
    }
}
