package lstmjob.model.load.onnx;

import java.util.List;
import java.util.Map;
import lstmjob.model.load.onnx.Value.Const;
import lstmjob.model.load.onnx.Value.Flow;
import lstmjob.model.load.onnx.Value.StateInput;
import lstmjob.model.load.onnx.Value.ZeroState;

/**
 * The nodes that make constants ({@code Constant}, {@code Shape}, {@code ConstantOfShape}, {@code Expand},
 * {@code Cast}), and the reading of a node's constant operands: folded when the model loads, the batch size
 * standing as {@link ConstTensor#BATCH}, zeros of the batch's shape becoming a recurrent node's starting state.
 */
final class ConstantNodes {

    private ConstantNodes() {}

    static ConstTensor constant(OnnxAttributes a) {
        if (a.has("value")) {
            return ConstTensor.read(a.find("value").getT());
        }
        if (a.has("value_float")) {
            return ConstTensor.ofFloats(new long[0], new float[] {a.real("value_float", 0)});
        }
        if (a.has("value_int")) {
            return ConstTensor.ofLongs(new long[0], new long[] {a.integer("value_int", 0)});
        }
        if (a.has("value_floats")) {
            List<Float> f = a.floats("value_floats");
            float[] v = new float[f.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.get(i);
            }
            return ConstTensor.ofFloats(new long[] {v.length}, v);
        }
        if (a.has("value_ints")) {
            long[] v =
                    a.integers("value_ints").stream().mapToLong(Long::longValue).toArray();
            return ConstTensor.ofLongs(new long[] {v.length}, v);
        }
        throw new OnnxRefusal("a Constant of a kind not read (sparse or string)");
    }

    static ConstTensor constOf(Value v, String what) {
        if (v instanceof Const c) {
            return c.tensor();
        }
        throw new OnnxRefusal("its " + what + " is computed, not constant");
    }

    static long[] axesOf(List<Value> in, int index, OnnxAttributes a, boolean optional) {
        if (in.size() > index && in.get(index) != null) {
            return constOf(in.get(index), "axes").asLongs();
        }
        if (a.has("axes")) {
            return a.integers("axes").stream().mapToLong(Long::longValue).toArray();
        }
        if (optional) {
            return new long[0];
        }
        throw new OnnxRefusal("no axes");
    }

    static Value cast(Value v, long to) {
        if (v instanceof Const c) {
            return new Const(ConstFolding.cast(c.tensor(), to));
        }
        if (v instanceof Flow && (to == OnnxTypes.FLOAT || to == 11)) {
            return v;
        }
        throw new OnnxRefusal("casts a computed tensor to " + OnnxTypes.name((int) to));
    }

    static Value shape(Value v, OnnxAttributes a, Map<String, String> idAxes) {
        long[] dims;
        if (v instanceof Const c) {
            dims = c.tensor().dims();
        } else if (v instanceof Flow f) {
            dims = new long[f.axes().length()];
            for (int i = 0; i < dims.length; i++) {
                char ax = f.axes().charAt(i);
                dims[i] = ax == 'B' ? ConstTensor.BATCH : ax == 'F' ? f.size() : 1;
            }
        } else if (v instanceof Value.Ids ids) {
            dims = idAxes.get(ids.name()).length() == 2
                    ? new long[] {ConstTensor.BATCH, 1}
                    : new long[] {ConstTensor.BATCH};
        } else if (v instanceof StateInput s) {
            dims = new long[] {s.layers(), ConstTensor.BATCH, s.size()};
        } else {
            throw new OnnxRefusal("the shape of this tensor is not known when loading");
        }
        int start = (int) a.integer("start", 0);
        int end = (int) a.integer("end", dims.length);
        start = Math.max(0, start < 0 ? start + dims.length : start);
        end = Math.min(dims.length, end < 0 ? end + dims.length : end);
        long[] part = java.util.Arrays.copyOfRange(dims, start, Math.max(start, end));
        return new Const(ConstTensor.ofLongs(new long[] {part.length}, part));
    }

    static Value constantOfShape(ConstTensor shape, OnnxAttributes a) {
        ConstTensor value = a.has("value") ? ConstTensor.read(a.find("value").getT()) : null;
        double fill = value == null ? 0 : value.at(0);
        long[] dims = shape.asLongs();
        boolean batch = false;
        long n = 1;
        for (long d : dims) {
            batch |= d == ConstTensor.BATCH;
            n *= d == ConstTensor.BATCH ? 1 : d;
            if (d < 0 && d != ConstTensor.BATCH || n > (1 << 27)) {
                throw new OnnxRefusal("a constant of shape " + java.util.Arrays.toString(dims) + " is not made");
            }
        }
        if (batch) {
            if (fill != 0) {
                throw new OnnxRefusal("a tensor of the batch's size filled with " + fill + " is not served");
            }
            return new ZeroState();
        }
        if (value != null && !value.isFloat()) {
            long[] v = new long[(int) n];
            java.util.Arrays.fill(v, (long) fill);
            return new Const(ConstTensor.ofLongs(dims, v));
        }
        float[] v = new float[(int) n];
        java.util.Arrays.fill(v, (float) fill);
        return new Const(ConstTensor.ofFloats(dims, v));
    }

    static Value expand(Value v, ConstTensor shape) {
        if (v instanceof Const c && c.tensor().allZero()) {
            for (long d : shape.asLongs()) {
                if (d == ConstTensor.BATCH) {
                    return new ZeroState();
                }
            }
        }
        if (v instanceof ZeroState) {
            return v;
        }
        throw new OnnxRefusal("only zeros expanded to the batch's size (an initial state) are served");
    }
}
