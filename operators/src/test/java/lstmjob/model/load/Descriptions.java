package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import lstmjob.model.load.ModelDescription.Flavor;

/** Small model descriptions built by hand for the builder tests. */
final class Descriptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Descriptions() {}

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A weight of the given shape with small distinct values. */
    static Tensor t(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i + 1) * 0.5f;
        }
        return new Tensor("", shape, v);
    }

    static Tensor t(int[] shape, float... values) {
        return new Tensor("", shape, values);
    }

    /** {@code config} in JSON with single quotes for readability. */
    static LayerDescription layer(String cls, String name, String config, Tensor... weights) {
        return new LayerDescription(cls, name, json(config), List.of(weights));
    }

    static LayerDescription lstm(String name, int in, int units, boolean returnSequences) {
        return layer(
                "LSTM",
                name,
                "{'units':" + units + ",'return_sequences':" + returnSequences + "}",
                t(in, 4 * units),
                t(units, 4 * units),
                t(4 * units));
    }

    static LayerDescription dense(String name, int in, int units) {
        return layer("Dense", name, "{'units':" + units + ",'activation':'linear'}", t(in, units), t(units));
    }

    static ModelDescription model(Flavor flavor, int inputSize, LayerDescription... layers) {
        return new ModelDescription("keras3-zip", "3.12.0", flavor, inputSize, List.of(layers));
    }

    static ModelDescription model(LayerDescription... layers) {
        return model(Flavor.KERAS3, 3, layers);
    }
}
