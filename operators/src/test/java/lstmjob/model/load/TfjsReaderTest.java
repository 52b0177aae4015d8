package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lstmjob.model.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsReaderTest {

    @TempDir
    Path dir;

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private Path write(String json) throws IOException {
        Path f = dir.resolve("model.json");
        Files.writeString(f, json.replace('\'', '"'), StandardCharsets.UTF_8);
        return f;
    }

    private static final String SEQUENTIAL =
            "{'format':'layers-model','generatedBy':'TensorFlow.js tfjs-layers v4.1.0',"
                    + "'modelTopology':{'class_name':'Sequential','keras_version':'tfjs-layers 4.1.0',"
                    + "'config':{'name':'s',"
                    + "'layers':[{'class_name':'SimpleRNN','config':{'name':'rnn','units':2,"
                    + "'batchInputShape':[null,null,3],"
                    + "'returnSequences':true,'activation':'tanh','useBias':true}},"
                    + "{'class_name':'Dense','config':{'name':'out','units':1,'activation':'linear'}}]}},"
                    + "'weightsManifest':[{'paths':['a.bin','b.bin'],'weights':[";

    @Test
    void readsShardsInOrderAndPutsWeightsInKerasOrder() throws IOException {
        // manifest order differs from Keras order; the data spans two shard files
        float[] bias = {0.5f, -0.5f};
        float[] kernel = {1, 2, 3, 4, 5, 6};
        float[] recurrent = {7, 8, 9, 10};
        float[] outKernel = {11, 12};
        float[] outBias = {13};
        byte[] all = ByteBuffer.allocate(4 * 15)
                .put(floats(bias))
                .put(floats(kernel))
                .put(floats(recurrent))
                .put(floats(outBias))
                .put(floats(outKernel))
                .array();
        Files.write(dir.resolve("a.bin"), java.util.Arrays.copyOfRange(all, 0, 22));
        Files.write(dir.resolve("b.bin"), java.util.Arrays.copyOfRange(all, 22, all.length));
        Path f = write(SEQUENTIAL
                + "{'name':'rnn/simple_rnn_cell/bias','shape':[2],'dtype':'float32'},"
                + "{'name':'rnn/simple_rnn_cell/kernel','shape':[3,2],'dtype':'float32'},"
                + "{'name':'rnn/simple_rnn_cell/recurrent_kernel','shape':[2,2],'dtype':'float32'},"
                + "{'name':'out/bias','shape':[1],'dtype':'float32'},"
                + "{'name':'out/kernel','shape':[2,1],'dtype':'float32'}]}]}");
        ModelDescription d = TfjsReader.read(f);
        assertEquals("tfjs-layers", d.format());
        assertEquals("tfjs-layers 4.1.0", d.kerasVersion());
        assertEquals(ModelDescription.Flavor.TFJS, d.flavor());
        assertEquals(3, d.inputSize(), "from batchInputShape, read as batch_input_shape");
        assertEquals(2, d.layers().size());
        LayerDescription rnn = d.layers().get(0);
        assertEquals("rnn", rnn.name());
        assertTrue(rnn.config().get("return_sequences").asBoolean(), "camelCase keys become snake_case");
        assertArrayEquals(kernel, rnn.weights().get(0).data());
        assertArrayEquals(recurrent, rnn.weights().get(1).data());
        assertArrayEquals(bias, rnn.weights().get(2).data());
        assertArrayEquals(new int[] {3, 2}, rnn.weights().get(0).shape());
        assertArrayEquals(outKernel, d.layers().get(1).weights().get(0).data());
        assertArrayEquals(outBias, d.layers().get(1).weights().get(1).data());
        assertEquals(1, Models.load(f).outputSize());
    }

    @Test
    void dequantizesUint8Uint16AndFloat16() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(6 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) 1).put((byte) 2).put((byte) 3).put((byte) 4).put((byte) 255); // kernel uint8
        b.putShort((short) 0).putShort((short) 65535); // recurrent uint16
        b.putShort((short) 0x3c00).putShort((short) 0xc000); // bias float16: 1, -2
        // the recurrent kernel (2, 2) needs 4 uint16 values: add 2 more
        ByteBuffer all = ByteBuffer.allocate(b.capacity() + 4).order(ByteOrder.LITTLE_ENDIAN);
        all.put(b.array(), 0, 10).putShort((short) 1).putShort((short) 2).put(b.array(), 10, 4);
        Files.write(dir.resolve("a.bin"), all.array());
        Files.write(dir.resolve("b.bin"), new byte[0]);
        Path f = write(SEQUENTIAL
                + "{'name':'rnn/kernel','shape':[3,2],'dtype':'float32','quantization':{'dtype':'uint8','scale':0.5,"
                + "'min':-1}},"
                + "{'name':'rnn/recurrent_kernel','shape':[2,2],'dtype':'float32','quantization':{'dtype':'uint16',"
                + "'scale':0.001,'min':0}},"
                + "{'name':'rnn/bias','shape':[2],'dtype':'float32','quantization':{'dtype':'float16'}}]}]}");
        List<Tensor> w = TfjsReader.read(f).layers().get(0).weights();
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1, 126.5f}, w.get(0).data(), 1e-6f);
        assertArrayEquals(new float[] {0, 65.535f, 0.001f, 0.002f}, w.get(1).data(), 1e-5f);
        assertArrayEquals(new float[] {1, -2}, w.get(2).data());
    }

    @Test
    void halfFloatsIncludingSubnormalsAndInfinity() {
        assertEquals(65504f, TfjsReader.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, TfjsReader.halfToFloat((short) 0x0001));
        assertEquals(-0.0f, TfjsReader.halfToFloat((short) 0x8000));
        assertEquals(Float.POSITIVE_INFINITY, TfjsReader.halfToFloat((short) 0x7c00));
        assertEquals(0.333251953125f, TfjsReader.halfToFloat((short) 0x3555));
    }

    @Test
    void refusesAMissingShard() throws IOException {
        Path f = write(SEQUENTIAL + "{'name':'rnn/kernel','shape':[3,2],'dtype':'float32'}]}]}");
        String m =
                assertThrows(ModelLoadException.class, () -> TfjsReader.read(f)).getMessage();
        assertTrue(m.contains("'a.bin' is missing"), m);
    }

    @Test
    void refusesTruncatedShards() throws IOException {
        Files.write(dir.resolve("a.bin"), floats(1, 2, 3));
        Files.write(dir.resolve("b.bin"), new byte[0]);
        Path f = write(SEQUENTIAL + "{'name':'rnn/kernel','shape':[3,2],'dtype':'float32'}]}]}");
        String m =
                assertThrows(ModelLoadException.class, () -> TfjsReader.read(f)).getMessage();
        assertTrue(m.contains("truncated") && m.contains("rnn/kernel"), m);
    }

    @Test
    void refusesNonFloatWeights() throws IOException {
        Files.write(dir.resolve("a.bin"), new byte[24]);
        Files.write(dir.resolve("b.bin"), new byte[0]);
        Path f = write(SEQUENTIAL + "{'name':'rnn/kernel','shape':[3,2],'dtype':'int32'}]}]}");
        String m =
                assertThrows(ModelLoadException.class, () -> TfjsReader.read(f)).getMessage();
        assertTrue(m.contains("int32") && m.contains("float32"), m);
    }

    @Test
    void refusesAWeightOfNoLayer() throws IOException {
        Files.write(dir.resolve("a.bin"), floats(1, 2));
        Files.write(dir.resolve("b.bin"), new byte[0]);
        Path f = write(SEQUENTIAL + "{'name':'ghost/bias','shape':[2],'dtype':'float32'}]}]}");
        String m =
                assertThrows(ModelLoadException.class, () -> TfjsReader.read(f)).getMessage();
        assertTrue(m.contains("'ghost/bias'") && m.contains("no layer"), m);
    }

    @Test
    void refusesAGraphModel() throws IOException {
        Path f = write("{'format':'graph-model','modelTopology':null,'weightsManifest':[]}");
        String m =
                assertThrows(ModelLoadException.class, () -> TfjsReader.read(f)).getMessage();
        assertTrue(m.contains("graph model"), m);
    }

    @Test
    void readsAFunctionalChainNestedAsModelConfig() throws IOException {
        Files.write(dir.resolve("w.bin"), floats(1, 2, 3, 0.5f));
        Path f = write("{'modelTopology':{'keras_version':'2.4.0','backend':'tensorflow','model_config':{"
                + "'class_name':'Functional','config':{'name':'f','layers':["
                + "{'class_name':'InputLayer','name':'in','config':{'name':'in','batch_input_shape':[null,null,3]},"
                + "'inbound_nodes':[]},"
                + "{'class_name':'Dense','name':'d','config':{'name':'d','units':1,'activation':'sigmoid'},"
                + "'inbound_nodes':[[['in',0,0,{}]]]}],"
                + "'input_layers':[['in',0,0]],'output_layers':[['d',0,0]]}}},"
                + "'weightsManifest':[{'paths':['w.bin'],"
                + "'weights':[{'name':'d/kernel','shape':[3,1],'dtype':'float32'},"
                + "{'name':'d/bias','shape':[1],'dtype':'float32'}]}]}");
        ModelDescription d = TfjsReader.read(f);
        assertEquals(1, d.layers().size());
        assertEquals("Dense", d.layers().get(0).className());
        assertEquals(3, d.inputSize());
        assertEquals("2.4.0", d.kerasVersion());
        float[] y = new float[1];
        Models.load(f).newStepper(1).step(new float[] {1, 1, 1}, new float[0], y);
        assertEquals(1 / (1 + Math.exp(-6.5)), y[0], 1e-6);
    }
}
