package lstmjob.model.load;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lstmjob.model.ModelLoadException;

/**
 * Values read from HDF5 attributes and datasets as Keras writes them. String attributes come in every spelling
 * h5py produces across Keras versions (fixed- or variable-length, bytes or text, scalar or array), and Keras splits
 * long name lists over {@code name0}, {@code name1}, ... when they exceed HDF5's attribute size limit.
 *
 * <p>Every size an attribute or dataset declares is checked against the file's size (and text against
 * {@link LoadLimits#MAX_TEXT_BYTES}) before jhdf allocates anything for its values.
 */
final class H5Values {

    private H5Values() {}

    /** A single string attribute, or null when absent. */
    static String string(Node node, String name, String source) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        flatten(data(attribute, node, source), values);
        return values.isEmpty() ? null : String.join("", values);
    }

    /**
     * A list-of-strings attribute (e.g. {@code layer_names}, {@code weight_names}); null when absent. An empty
     * list is stored by Keras as an empty float array, read here as an empty list.
     */
    static List<String> strings(Node node, String name, String source) {
        Attribute attribute = node.getAttribute(name);
        List<String> values = new ArrayList<>();
        if (attribute != null) {
            flatten(data(attribute, node, source), values);
            return values;
        }
        // Keras's save_attributes_to_hdf5_group chunks: name0, name1, ...
        if (node.getAttribute(name + "0") == null) {
            return null;
        }
        for (int i = 0; node.getAttribute(name + i) != null; i++) {
            Attribute chunk = node.getAttribute(name + i);
            flatten(data(chunk, node, source), values);
        }
        return values;
    }

    private static Object data(Attribute attribute, Node node, String source) {
        if (attribute.isEmpty()) {
            return null;
        }
        long bytes = declaredBytes(attribute.getDimensionsAsLong(), attribute.getDataType());
        if (bytes > Math.min(LoadLimits.MAX_TEXT_BYTES, node.getHdfFile().size())) {
            throw new ModelLoadException(source + ": the file is corrupt: attribute '" + attribute.getName() + "' of "
                    + node.getPath() + " declares " + sizeText(bytes) + " of values in a file of "
                    + node.getHdfFile().size() + " bytes");
        }
        return attribute.getData();
    }

    private static void flatten(Object data, List<String> out) {
        if (data instanceof String s) {
            out.add(s);
        } else if (data instanceof byte[] bytes) {
            out.add(decode(bytes));
        } else if (data instanceof Object[] items) {
            for (Object item : items) {
                flatten(item, out);
            }
        }
        // Anything else is numeric, not a name: Keras writes an empty list as an empty float64 array.
    }

    /** Fixed-length strings are NUL-padded. */
    private static String decode(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** A weight dataset found in the file, its values not yet read. */
    record StoredWeight(String name, Dataset dataset, String where) {

        /** The shape the file declares, counted before anything is read. */
        long[] shape() {
            return dataset.getDimensionsAsLong();
        }

        Tensor read() {
            return tensor(dataset, name, where);
        }

        /**
         * Every layer's weights read, in the same nesting, once the shapes they declare are counted against
         * {@code limits}: a model too large for them is refused before any value is read.
         */
        static List<List<Tensor>> readAll(List<List<StoredWeight>> layers, LoadLimits limits, String source) {
            ParameterCount count = new ParameterCount(limits, source);
            layers.forEach(layer -> layer.forEach(w -> count.add(w.name, w.shape())));
            List<List<Tensor>> out = new ArrayList<>(layers.size());
            for (List<StoredWeight> layer : layers) {
                out.add(layer.stream().map(StoredWeight::read).toList());
            }
            return out;
        }
    }

    /**
     * A weight dataset as float32, row-major; float64 is narrowed, an integer scalar (a count) widened, other
     * types refused.
     */
    static Tensor tensor(Dataset dataset, String name, String where) {
        Class<?> type = dataset.getJavaType();
        if (dataset.getDimensions().length == 0
                && (type == long.class || type == int.class || type == Long.class || type == Integer.class)) {
            // An integer scalar is a count (Normalization's samples seen), not arithmetic: read as a float.
            Object value = dataset.getData();
            if (value instanceof Number number) {
                return new Tensor(name, new int[0], new float[] {number.floatValue()});
            }
        }
        if (type != float.class && type != double.class) {
            throw new ModelLoadException(where + ": weight '" + name + "' holds " + describe(type, dataset)
                    + "; only float32 and float64 weights can be read");
        }
        long fileSize = dataset.getHdfFile().size();
        long bytes = declaredBytes(dataset.getDimensionsAsLong(), dataset.getDataType());
        if (bytes > fileSize) {
            // Keras writes weights uncompressed: values larger than the whole file cannot be there.
            throw new ModelLoadException(where + ": weight '" + name + "' declares " + sizeText(bytes)
                    + " of values in a file of " + fileSize + " bytes; the file is truncated or corrupt");
        }
        checkChunks(dataset, name, where);
        int[] shape = dataset.getDimensions();
        Object data = dataset.isEmpty() ? null : dataset.getDataFlat();
        float[] values;
        if (data instanceof float[] f) {
            values = f;
        } else if (data instanceof double[] d) {
            values = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                values[i] = (float) d[i];
            }
        } else if (data instanceof Float f) {
            values = new float[] {f};
        } else if (data instanceof Double d) {
            values = new float[] {d.floatValue()};
        } else if (data == null && (type == float.class || type == double.class)) {
            values = new float[0];
        } else {
            throw new ModelLoadException(where + ": weight '" + name + "' holds " + describe(type, dataset)
                    + "; only float32 and float64 weights can be read");
        }
        if (values.length != declaredBytes(dataset.getDimensionsAsLong(), null)) {
            throw new ModelLoadException(where + ": weight '" + name + "' has " + values.length
                    + " values for its shape " + Arrays.toString(shape) + "; the file is truncated or corrupt");
        }
        return new Tensor(name, shape, values);
    }

    /**
     * A chunked dataset is read chunk by chunk into buffers its chunk shape sizes: unfiltered chunks lie in the file,
     * so no larger than it; filtered (compressed) ones could inflate to anything, and Keras never writes them.
     */
    private static void checkChunks(Dataset dataset, String name, String where) {
        if (!(dataset instanceof ChunkedDataset chunked)) {
            return;
        }
        if (!dataset.getFilters().isEmpty()) {
            throw new ModelLoadException(where + ": weight '" + name + "' is stored compressed (HDF5 filters), "
                    + "which Keras never writes; save the model again with Keras's model.save");
        }
        long bytes = declaredBytes(ParameterCount.widen(chunked.getChunkDimensions()), dataset.getDataType());
        if (bytes > dataset.getHdfFile().size()) {
            throw new ModelLoadException(where + ": weight '" + name + "' declares chunks of " + sizeText(bytes)
                    + " in a file of " + dataset.getHdfFile().size() + " bytes; the file is truncated or corrupt");
        }
    }

    /**
     * Elements × element size (of one byte when {@code type} is null) as the dimensions declare them, saturated at
     * {@link Long#MAX_VALUE}; a negative dimension (only a corrupt file has one) counts as the maximum too.
     */
    static long declaredBytes(long[] dimensions, DataType type) {
        long total = type == null ? 1 : Math.max(1, type.getSize());
        for (long axis : dimensions) {
            if (axis < 0) {
                return Long.MAX_VALUE;
            }
            total = axis == 0 || total <= Long.MAX_VALUE / axis ? total * axis : Long.MAX_VALUE;
        }
        return total;
    }

    private static String sizeText(long bytes) {
        return bytes == Long.MAX_VALUE ? "an impossible number of bytes" : bytes + " bytes";
    }

    private static String describe(Class<?> type, Dataset dataset) {
        String kind = type == null ? "data of an unknown type" : type.getSimpleName() + " values";
        return kind + " (" + dataset.getDataType().getClass().getSimpleName() + ", "
                + dataset.getDataType().getSize() + " bytes each)";
    }
}
