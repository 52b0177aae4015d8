package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import lstmjob.model.ModelLoadException;

/**
 * One weight of a TF.js weights manifest as it declares it: name, shape, and how its values are stored (float32,
 * or uint8/uint16/float16 quantized), checked before any shard byte is read.
 */
record ManifestWeight(String name, long[] shape, String stored, int width, float scale, float min) {

    static ManifestWeight parse(JsonNode spec, String source) {
        String name = spec.path("name").asText("");
        JsonNode shapeNode = spec.path("shape");
        if (!shapeNode.isArray()) {
            throw new ModelLoadException(source + ": weight '" + name + "' in the weights manifest has no shape");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode axis = shapeNode.get(i);
            if (!axis.canConvertToInt() || !axis.isIntegralNumber() || axis.asInt() < 0) {
                throw new ModelLoadException(source + ": weight '" + name + "' in the weights manifest has the shape "
                        + shapeNode + "; sizes must be whole numbers from 0 to " + Integer.MAX_VALUE);
            }
            shape[i] = axis.asInt();
        }
        String dtype = spec.path("dtype").asText("float32");
        JsonNode q = spec.path("quantization");
        String stored = q.isObject() ? q.path("dtype").asText("") : dtype;
        // An int32 scalar is a count (Normalization's samples seen, which the converter narrows from int64).
        boolean count = dtype.equals("int32") && stored.equals("int32") && shape.length == 0;
        int width = switch (count ? "float32" : stored) {
            case "float32" -> 4;
            case "uint16", "float16" -> 2;
            case "uint8" -> 1;
            default ->
                throw new ModelLoadException(source + ": weight '" + name + "' is stored as " + stored
                        + "; only float32 weights (or uint8/uint16/float16 quantized ones) can be read");
        };
        if (!dtype.equals("float32") && !count) {
            throw new ModelLoadException(
                    source + ": weight '" + name + "' has dtype " + dtype + "; only float32 weights can be served");
        }
        return new ManifestWeight(
                name, shape, stored, width, (float) q.path("scale").asDouble(1), (float)
                        q.path("min").asDouble(0));
    }

    /** Values it holds; called once the shape is counted against the parameter limit, so it cannot overflow. */
    long count() {
        long count = 1;
        for (long axis : shape) {
            count *= axis;
        }
        return count;
    }

    long bytes() {
        return count() * width;
    }

    /** Its values from {@code data}'s position on, dequantized. */
    Tensor read(ByteBuffer data) {
        float[] values = new float[(int) count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (stored) {
                case "float32" -> data.getFloat();
                case "int32" -> data.getInt();
                case "float16" -> TfjsReader.halfToFloat(data.getShort());
                case "uint16" -> (data.getShort() & 0xffff) * scale + min;
                default -> (data.get() & 0xff) * scale + min;
            };
        }
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) shape[i];
        }
        return new Tensor(name, dims, values);
    }
}
