package lstmjob.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import lstmjob.model.Model;
import lstmjob.model.ModelInput;
import lstmjob.model.ModelOutput;
import lstmjob.model.layers.DenseLayer;
import lstmjob.model.layers.LstmLayer;
import lstmjob.model.load.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated ONNX model loads through the users' loader as the LSTM and dense layer it holds. */
class OnnxModelWriterTest {

    @Test
    void writesAnLstmLinearExportTheLoaderReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m/model.onnx");
        OnnxModelWriter.write(ModelSpec.parse("lstm:32,input:8"), file);

        Model m = Models.load(file);
        assertEquals("onnx", m.format());
        assertEquals(
                List.of("features"), m.inputs().stream().map(ModelInput::name).toList());
        assertEquals(8, m.inputSize());
        assertEquals(List.of("y"), m.outputs().stream().map(ModelOutput::name).toList());
        assertEquals(1, m.outputSize());
        assertEquals(2, m.layers().size());
        assertInstanceOf(LstmLayer.class, m.layers().get(0));
        assertInstanceOf(DenseLayer.class, m.layers().get(1));
        // the state inputs lstm_h, lstm_c are the key's state: h and c of 32
        assertEquals(2 * 32 * 4, m.stateLayout().bytes());
    }
}
