package lstmjob.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import lstmjob.model.load.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real users' models in {@code ../shared/fixtures/keras} that cannot be served one timestep at a time (their
 * folders have no stream): each is refused with one message naming every layer that blocks it, as SOURCES.md
 * lists them (the layer names as the files name them), and never a layer that does not block.
 */
@EnabledIf("lstmjob.model.RealKerasFilesTest#fixturesPresent")
class RealKerasRefusalsTest {

    /** Per folder: what the message must name, and what it must not (a layer that does not block). */
    private record Expected(List<String> named, List<String> notNamed) {}

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry(
                    "6llz_cnnlstm-tf210",
                    new Expected(
                            List.of(
                                    "'conv1d'",
                                    "'conv1d_1'",
                                    "'conv1d_2'",
                                    "'conv1d_3'",
                                    "(Conv1D): a convolution over time reads 3",
                                    "'max_pooling1d'",
                                    "'max_pooling1d_1'",
                                    "(MaxPooling1D): pooling over time"),
                            List.of("'lstm'", "'dense'"))),
            // Its kernel-1 convolutions read only the current step: the pooling alone blocks it.
            Map.entry(
                    "aniket_conv1x1-tf212",
                    new Expected(
                            List.of("layer 'max_pooling1d' (MaxPooling1D): pooling " + "over time"),
                            List.of("'conv1d'", "'conv1d_1'", "'conv1d_2'", "Conv1D"))),
            Map.entry("bulgazof_flatten-k3", new Expected(List.of("layer 'flatten' (Flatten): "), List.of("'lstm'"))),
            Map.entry("cdt406_reshape-k3", new Expected(List.of("layer 'reshape' (Reshape): "), List.of("'lstm'"))),
            Map.entry(
                    "colin_cnngru-tfk215",
                    new Expected(
                            List.of(
                                    "'conv2d_22'",
                                    "'conv2d_23'",
                                    "'conv2d_24'",
                                    "(Conv2D)",
                                    "'max_pooling2d_22'",
                                    "'max_pooling2d_23'",
                                    "'max_pooling2d_24'",
                                    "(MaxPooling2D)",
                                    "'flatten_8' (Flatten)",
                                    "'reshape_8' (Reshape)"),
                            List.of("'gru_14'", "'dense_16'"))),
            Map.entry(
                    "crislap_bigru-tfk215",
                    new Expected(
                            List.of("layer 'bidirectional' (Bidirectional): ", "backwards"), List.of("'embedding_3'"))),
            // A custom layer: not known, so refused as such, by name.
            Map.entry(
                    "g1213_attention-k3h5",
                    new Expected(List.of("layer 'attention_layer' (AttentionLayer): "), List.of("'lstm_4'"))),
            Map.entry(
                    "the10or_bilstm-k3",
                    new Expected(
                            List.of("layer 'bidirectional' (Bidirectional): ", "backwards"), List.of("'embedding'"))),
            Map.entry(
                    "uvalpo_convgru-mb213",
                    new Expected(
                            List.of("layer 'conv1d_1' (Conv1D): ", "layer 'max_pooling1d_1' (MaxPooling1D): "),
                            List.of("'gru_1'"))),
            Map.entry(
                    "vinod_attention-k3h5",
                    new Expected(
                            List.of(
                                    "layer 'attention' (Attention): attention",
                                    "layer 'global_average_pooling1d' (GlobalAveragePooling1D): pooling over time"),
                            List.of("(LSTM)"))),
            Map.entry(
                    "vinod_conv-valid-k3h5",
                    new Expected(
                            List.of("layer 'conv1d' (Conv1D): ", "reads 2 neighbouring timesteps"),
                            List.of("'lstm_4'"))),
            // Its Dot layers join two vectors, not timesteps: what stops it is its second, time-less input.
            Map.entry(
                    "zabir_dotattn-mb224",
                    new Expected(List.of("input 'input_22' has no time axis", "one vector of 10"), List.of())),
            Map.entry(
                    "mukul_gru_weights_only-h5",
                    new Expected(
                            List.of("the file holds weights but no model " + "architecture", "save_weights()"),
                            List.of())));

    static Stream<Path> refusedFolders() throws IOException {
        try (Stream<Path> s = Files.list(RealKerasFilesTest.fixtures())) {
            return s
                    .filter(Files::isDirectory)
                    .filter(d -> !Files.isRegularFile(d.resolve("stream.jsonl")))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @Test
    void everyFolderWithoutAStreamIsCovered() throws IOException {
        Set<String> folders = new TreeSet<>();
        refusedFolders().forEach(f -> folders.add(f.getFileName().toString()));
        assertFalse(folders.isEmpty());
        assertEquals(new TreeSet<>(EXPECTED.keySet()), folders);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFolders")
    void isRefusedNamingEveryBlockingLayer(Path folder) throws IOException {
        Path file = RealKerasFilesTest.modelFile(folder);
        String message =
                assertThrows(ModelLoadException.class, () -> Models.load(file)).getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        Expected e = EXPECTED.get(folder.getFileName().toString());
        for (String part : e.named()) {
            assertTrue(message.contains(part), "should name " + part + ": " + message);
        }
        for (String part : e.notNamed()) {
            assertFalse(message.contains(part), "should not name " + part + ": " + message);
        }
    }
}
