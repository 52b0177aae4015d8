package lstmjob.model.load;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lstmjob.model.ModelLoadException;

/**
 * Values read from HDF5 attributes and datasets as Keras writes them. String attributes come in every spelling
 * h5py produces across Keras versions (fixed- or variable-length, bytes or text, scalar or array), and Keras splits
 * long name lists over {@code name0}, {@code name1}, ... when they exceed HDF5's attribute size limit.
 */
final class H5Values {

    private H5Values() {
    }

    /** A single string attribute, or null when absent. */
    static String string(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        flatten(attribute.isEmpty() ? null : attribute.getData(), values);
        return values.isEmpty() ? null : String.join("", values);
    }

    /**
     * A list-of-strings attribute (e.g. {@code layer_names}, {@code weight_names}); null when absent. An empty
     * list is stored by Keras as an empty float array, read here as an empty list.
     */
    static List<String> strings(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        List<String> values = new ArrayList<>();
        if (attribute != null) {
            flatten(attribute.isEmpty() ? null : attribute.getData(), values);
            return values;
        }
        // Keras's save_attributes_to_hdf5_group chunks: name0, name1, ...
        if (node.getAttribute(name + "0") == null) {
            return null;
        }
        for (int i = 0; node.getAttribute(name + i) != null; i++) {
            Attribute chunk = node.getAttribute(name + i);
            flatten(chunk.isEmpty() ? null : chunk.getData(), values);
        }
        return values;
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

    /** A weight dataset as float32, row-major; float64 is narrowed, other types refused. */
    static Tensor tensor(Dataset dataset, String name, String where) {
        int[] shape = dataset.getDimensions();
        Class<?> type = dataset.getJavaType();
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
        long expected = 1;
        for (int axis : shape) {
            expected *= axis;
        }
        if (values.length != expected) {
            throw new ModelLoadException(where + ": weight '" + name + "' has " + values.length
                    + " values for its shape " + Arrays.toString(shape) + "; the file is truncated or corrupt");
        }
        return new Tensor(name, shape, values);
    }

    private static String describe(Class<?> type, Dataset dataset) {
        String kind = type == null ? "data of an unknown type" : type.getSimpleName() + " values";
        return kind + " (" + dataset.getDataType().getClass().getSimpleName() + ", "
                + dataset.getDataType().getSize() + " bytes each)";
    }
}
