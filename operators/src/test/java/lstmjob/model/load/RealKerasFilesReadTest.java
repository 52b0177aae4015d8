package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.ModelDescription.Flavor;
import lstmjob.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the real users' Keras files in {@code ../shared/fixtures/keras} (never copied into the project). The
 * expected layers and weight shapes were listed from the files' raw HDF5 contents (not through these readers);
 * versions and layer lists agree with the folder's SOURCES.md.
 */
@EnabledIf("lstmjob.testing.Repository#hasRealKerasFixtures")
class RealKerasFilesReadTest {

    static final Path KERAS = Repository.realKerasFixtures();

    static Stream<Arguments> files() {
        String h5 = "keras-h5";
        String zip = "keras3-zip";
        return Stream.of(
                Arguments.of(
                        "BingqiShen_lstm_model-h5/BingqiShen_lstm_model.h5",
                        h5,
                        "2.3.0-tf",
                        Flavor.TF_KERAS2,
                        1,
                        List.of(
                                "LSTM lstm (1, 200) (50, 200) (200)",
                                "LSTM lstm_1 (50, 200) (50, 200) (200)",
                                "LSTM lstm_2 (50, 200) (50, 200) (200)",
                                "Dropout dropout",
                                "Dense dense (50, 1) (1)")),
                Arguments.of(
                        "Nandhanaa-Mathesvaran_lstm_model-h5/Nandhanaa-Mathesvaran_lstm_model.h5",
                        h5,
                        "3.12.0",
                        Flavor.KERAS3,
                        20,
                        nandhanaa()),
                Arguments.of(
                        "Nandhanaa-Mathesvaran_lstm_model-keras/Nandhanaa-Mathesvaran_lstm_model.keras",
                        zip,
                        "3.12.0",
                        Flavor.KERAS3,
                        20,
                        nandhanaa()),
                Arguments.of(
                        "Obaiz1_btc_gru_v2-keras/Obaiz1_btc_gru_v2.keras",
                        zip,
                        "3.14.1",
                        Flavor.KERAS3,
                        9,
                        List.of(
                                "GRU gru (9, 192) (64, 192) (2, 192)",
                                "Dropout dropout",
                                "Dense dense (64, 32) (32)",
                                "Dropout dropout_1",
                                "Dense dense_1 (32, 1) (1)")),
                Arguments.of(
                        "Obaiz1_lstm_model-keras/Obaiz1_lstm_model.keras",
                        zip,
                        "3.12.2",
                        Flavor.KERAS3,
                        9,
                        List.of(
                                "LSTM lstm (9, 256) (64, 256) (256)",
                                "Dropout dropout",
                                "Dense dense (64, 32) (32)",
                                "Dropout dropout_1",
                                "Dense dense_1 (32, 1) (1)")),
                Arguments.of(
                        "anchita_lstm-h5/anchita_lstm.h5",
                        h5,
                        "3.8.0",
                        Flavor.KERAS3,
                        1,
                        List.of("LSTM lstm (1, 256) (64, 256) (256)", "Dense dense (64, 1) (1)")),
                Arguments.of(
                        "anuj_gru_model-h5/anuj_gru_model.h5",
                        h5,
                        "3.10.0",
                        Flavor.KERAS3,
                        1,
                        List.of(
                                "GRU gru (1, 150) (50, 150) (2, 150)",
                                "Dropout dropout_2",
                                "GRU gru_1 (50, 150) (50, 150) (2, 150)",
                                "Dropout dropout_3",
                                "Dense dense_1 (50, 1) (1)")),
                Arguments.of(
                        "anuj_lstm_model-h5/anuj_lstm_model.h5",
                        h5,
                        "3.10.0",
                        Flavor.KERAS3,
                        1,
                        List.of(
                                "LSTM lstm (1, 200) (50, 200) (200)",
                                "Dropout dropout",
                                "LSTM lstm_1 (50, 200) (50, 200) (200)",
                                "Dropout dropout_1",
                                "Dense dense (50, 1) (1)")),
                // Layer names (gru_2, gru_3, dense_1) differ from the weight paths (layers/gru, layers/gru_1,
                // layers/dense): weights must be found by class-based path, not by name.
                Arguments.of(
                        "deepak-d-gt_gru_model-keras/deepak-d-gt_gru_model.keras",
                        zip,
                        "3.15.0",
                        Flavor.KERAS3,
                        3,
                        List.of(
                                "GRU gru_2 (3, 192) (64, 192) (2, 192)",
                                "Dropout dropout_2",
                                "GRU gru_3 (64, 96) (32, 96) (2, 96)",
                                "Dropout dropout_3",
                                "Dense dense_1 (32, 1) (1)")),
                // Keras 3.3.3 records no layer names in the weights file.
                Arguments.of(
                        "komei_lstm-keras/komei_lstm.keras",
                        zip,
                        "3.3.3",
                        Flavor.KERAS3,
                        24,
                        List.of(
                                "LSTM lstm (24, 200) (50, 200) (200)", "Dropout dropout",
                                "LSTM lstm_1 (50, 200) (50, 200) (200)", "Dropout dropout_1",
                                "Dense dense (50, 25) (25)", "Dense dense_1 (25, 2) (2)")),
                // tf.keras 2.13: under _layer_checkpoint_dependencies/, the second SimpleRNN stored as simple_rnn_2.
                Arguments.of(
                        "mrmidi_rnn-tfk213/mrmidi_rnn_model.keras",
                        zip,
                        "2.13.1",
                        Flavor.TF_KERAS2,
                        1,
                        List.of(
                                "SimpleRNN simple_rnn (1, 100) (100, 100) (100)",
                                "SimpleRNN simple_rnn_1 (100, 100) (100, 100) (100)",
                                "Dense dense (100, 1) (1)")),
                Arguments.of(
                        "mrmidi_lstm-tfk213/mrmidi_lstm_model.keras",
                        zip,
                        "2.13.1",
                        Flavor.TF_KERAS2,
                        1,
                        List.of("LSTM lstm (1, 400) (100, 400) (400)", "Dense dense (100, 1) (1)")),
                // Written on Windows: flat groups named _layer_checkpoint_dependencies\simple_rnn\cell. Its input
                // shape's last axis is the window length (1250 ids).
                Arguments.of(
                        "matgug_emb-rnn-tfk213/matgug_rnn_model.keras",
                        zip,
                        "2.13.1",
                        Flavor.TF_KERAS2,
                        1250,
                        List.of(
                                "Embedding embedding (1000, 128)",
                                "Dropout dropout",
                                "SimpleRNN simple_rnn (128, 64) (64, 64) (64)",
                                "Dropout dropout_1",
                                "Dense dense (64, 6) (6)")),
                Arguments.of(
                        "akshit_emb-gru-k3/akshit_gru_model.keras",
                        zip,
                        "3.13.2",
                        Flavor.KERAS3,
                        500,
                        List.of(
                                "Embedding embedding_6 (5000, 32)", "GRU gru_1 (32, 192) (64, 192) (2, 192)",
                                "Dropout dropout_4", "Dense dense_4 (64, 1) (1)")),
                Arguments.of(
                        "dl4j_lstm2_keras208-h5/model.h5",
                        h5,
                        "2.0.8",
                        Flavor.KERAS2,
                        12,
                        List.of(
                                "LSTM lstm_1 (12, 384) (96, 384) (384)",
                                "LSTM lstm_2 (96, 384) (96, 384) (384)",
                                "Dense dense_1 (96, 1) (1)")),
                Arguments.of(
                        "dl4j_simple_rnn_keras213-h5/model.h5",
                        h5,
                        "2.1.3",
                        Flavor.KERAS2,
                        1,
                        List.of("SimpleRNN simple_rnn_1 (1, 50) (50, 50) (50)", "Dense dense_1 (50, 1) (1)")),
                Arguments.of(
                        "dl4j_masking_lstm_keras220-h5/model.h5",
                        h5,
                        "2.2.0",
                        Flavor.KERAS2,
                        42,
                        List.of("Masking masking_1", "LSTM lstm_1 (42, 128) (32, 128) (128)")));
    }

    private static List<String> nandhanaa() {
        return List.of(
                "LSTM lstm (20, 512) (128, 512) (512)",
                "Dropout dropout",
                "LSTM lstm_1 (128, 256) (64, 256) (256)",
                "Dropout dropout_1",
                "Dense dense (64, 32) (32)",
                "Dense dense_1 (32, 1) (1)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsTheFile(String file, String format, String version, Flavor flavor, int inputSize, List<String> layers) {
        ModelDescription d = Models.describe(KERAS.resolve(file));
        assertEquals(format, d.format());
        assertEquals(version, d.kerasVersion());
        assertEquals(flavor, d.flavor());
        assertEquals(inputSize, d.inputSize());
        assertEquals(
                layers, d.layers().stream().map(RealKerasFilesReadTest::summary).toList());
    }

    static String summary(LayerDescription l) {
        return Stream.concat(
                        Stream.of(l.className(), l.name()), l.weights().stream().map(Tensor::shapeString))
                .collect(Collectors.joining(" "));
    }

    @Test
    void theSameModelSavedAsH5AndKerasHasTheSameWeights() {
        ModelDescription h5 = Models.describe(
                KERAS.resolve("Nandhanaa-Mathesvaran_lstm_model-h5/Nandhanaa-Mathesvaran_lstm_model.h5"));
        ModelDescription keras = Models.describe(
                KERAS.resolve("Nandhanaa-Mathesvaran_lstm_model-keras/Nandhanaa-Mathesvaran_lstm_model.keras"));
        List<Tensor> a = new ArrayList<>();
        List<Tensor> b = new ArrayList<>();
        h5.layers().forEach(l -> a.addAll(l.weights()));
        keras.layers().forEach(l -> b.addAll(l.weights()));
        assertEquals(10, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(
                    a.get(i).data(),
                    b.get(i).data(),
                    a.get(i).name() + " vs " + b.get(i).name());
        }
    }

    @Test
    void weightsOnlyFileIsRefused() {
        Path file = KERAS.resolve("mukul_gru_weights_only-h5/mukul_gru_model.h5");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Models.describe(file));
        assertTrue(
                e.getMessage().startsWith(file + ": the file holds weights but no model architecture"), e.getMessage());
        assertTrue(e.getMessage().contains("saved with save_weights() instead of model.save()"), e.getMessage());
    }
}
