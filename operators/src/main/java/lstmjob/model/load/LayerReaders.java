package lstmjob.model.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reader of each Keras layer type the job serves, keyed by Keras class name; a layer that cannot be served
 * one timestep at a time ({@link UnservableLayers}) is refused before its reader is asked, and any other class is
 * refused as unsupported.
 */
final class LayerReaders {

    /** Layers that are the identity at inference: dropped. */
    private static final Set<String> IDENTITY = Set.of(
            "InputLayer",
            "Dropout",
            "SpatialDropout1D",
            "GaussianNoise",
            "GaussianDropout",
            "AlphaDropout",
            "ActivityRegularization");

    private static final Set<String> ACTIVATIONS =
            Set.of("Activation", "ReLU", "LeakyReLU", "ELU", "ThresholdedReLU", "Softmax");

    private static final Map<String, LayerReader> READERS = readers();

    private LayerReaders() {}

    private static Map<String, LayerReader> readers() {
        Map<String, LayerReader> readers = new HashMap<>();
        LayerReader lstm = new LstmReader();
        LayerReader gru = new GruReader();
        readers.put("LSTM", lstm);
        readers.put("CuDNNLSTM", lstm);
        readers.put("GRU", gru);
        readers.put("CuDNNGRU", gru);
        readers.put("SimpleRNN", new SimpleRnnReader());
        readers.put("Dense", new DenseReader());
        readers.put("TimeDistributed", new TimeDistributedReader());
        readers.put("BatchNormalization", new BatchNormalizationReader());
        readers.put("LayerNormalization", new LayerNormalizationReader());
        readers.put("Masking", new MaskingReader());
        readers.put("Normalization", new NormalizationReader());
        readers.put("Rescaling", new RescalingReader());
        readers.put("PReLU", new PReluReader());
        readers.put("RNN", new RnnReader());
        readers.put("Embedding", new EmbeddingReader());
        LayerReader conv = new CausalConv1DReader();
        readers.put("Conv1D", conv);
        readers.put("Convolution1D", conv);
        LayerReader merge = new MergeReader();
        readers.put("Concatenate", merge);
        MergeReader.ELEMENTWISE.keySet().forEach(c -> readers.put(c, merge));
        LayerReader activation = new ActivationLayerReader();
        ACTIVATIONS.forEach(c -> readers.put(c, activation));
        IDENTITY.forEach(c -> readers.put(c, LayerReaders::identity));
        return Map.copyOf(readers);
    }

    /** The layer by the reader of its class, or the reason it cannot be served. */
    static LayerRead read(KerasLayer k) {
        String blocking = UnservableLayers.whyBlocking(k);
        if (blocking != null) {
            throw LayerRefusal.blocking(blocking);
        }
        LayerReader reader = READERS.get(k.className());
        if (reader == null) {
            throw new LayerRefusal("unsupported layer type");
        }
        return reader.read(k);
    }

    private static LayerRead identity(KerasLayer k) {
        k.requireNoWeights();
        return LayerRead.dropped(k.input());
    }
}
