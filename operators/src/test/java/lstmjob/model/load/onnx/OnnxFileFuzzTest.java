package lstmjob.model.load.onnx;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.Models;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged ONNX file either still loads or is refused with a {@link ModelLoadException}: never another exception,
 * and never an allocation the file does not hold the values for.
 */
class OnnxFileFuzzTest {

    @Test
    void damagedFilesLoadOrAreRefused(@TempDir Path dir) throws IOException {
        byte[] original = Files.readAllBytes(OracleCases.onnxRoot().resolve("case-2/model.onnx"));
        Random random = new Random(7);
        Path file = dir.resolve("damaged.onnx");
        for (int i = 0; i < 300; i++) {
            byte[] bytes = original.clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                int at = random.nextInt(bytes.length);
                // varints and lengths are where damage bites: set high bits as often as random bytes
                bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (bytes[at] | 0xf0);
            }
            Files.write(file, bytes);
            try {
                assertNotNull(Models.load(file));
            } catch (ModelLoadException refused) {
                assertNotNull(refused.getMessage());
            }
        }
    }
}
