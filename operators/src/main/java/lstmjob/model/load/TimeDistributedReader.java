package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Keras TimeDistributed applies its layer to each timestep: for a layer that works per timestep, that is the layer
 * itself, read by its own reader.
 */
final class TimeDistributedReader implements LayerReader {

    private static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "RNN");

    @Override
    public LayerRead read(KerasLayer k) {
        JsonNode inner = k.config().get("layer");
        if (inner == null || !inner.isObject()) {
            throw new LayerRefusal("the config has no wrapped 'layer'");
        }
        String innerClass = inner.path("class_name").asText("");
        KerasLayer wrapped = k.wrapped(innerClass, inner.get("config"));
        String type = "TimeDistributed(" + innerClass + ")";
        if (innerClass.equals("Dense")) {
            return DenseReader.read(wrapped, type);
        }
        if (RECURRENT.contains(innerClass)) {
            throw new LayerRefusal(type + " runs a recurrent layer over an inner time axis of each timestep; "
                    + "it is not supported");
        }
        try {
            return LayerReaders.read(wrapped);
        } catch (LayerRefusal r) {
            throw new LayerRefusal("wrapped layer " + innerClass + ": " + r.getMessage());
        }
    }
}
