package lstmjob.model.load.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The operators on constants that exporters write around a model's layers (shape arithmetic, reshaped weights),
 * computed when the model loads. The batch size stands in shapes as {@link ConstTensor#BATCH} and stays unknown
 * through any arithmetic.
 */
final class ConstFolding {

    /** Far more than any shape arithmetic or reshaped weight of a servable model. */
    private static final long MAX_FOLDED = 1L << 27;

    private ConstFolding() {}

    static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new OnnxRefusal("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    private static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long n = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = n;
            n *= dims[i];
        }
        return s;
    }

    /** A tensor with the values at {@code source[i]} of {@code t}, shaped {@code dims}. */
    private static ConstTensor pick(ConstTensor t, long[] dims, int[] source) {
        if (t.isFloat()) {
            float[] v = new float[source.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.floats()[source[i]];
            }
            return ConstTensor.ofFloats(dims, v);
        }
        long[] v = new long[source.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.longs()[source[i]];
        }
        return ConstTensor.ofLongs(dims, v);
    }

    /** Element positions of a tensor shaped {@code dims}, as indices, in row-major order. */
    private static int[] sourceIndices(long[] outDims, java.util.function.Function<long[], Long> sourceOf) {
        long total = 1;
        for (long d : outDims) {
            total *= d;
            if (d < 0 || total > MAX_FOLDED) {
                throw new OnnxRefusal("folding it would make a constant of more than " + MAX_FOLDED + " values");
            }
        }
        int n = (int) total;
        int[] out = new int[n];
        long[] idx = new long[outDims.length];
        for (int i = 0; i < n; i++) {
            out[i] = (int) (long) sourceOf.apply(idx);
            for (int a = outDims.length - 1; a >= 0; a--) {
                if (++idx[a] < outDims[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return out;
    }

    static ConstTensor transpose(ConstTensor t, long[] perm) {
        long[] inStrides = strides(t.dims());
        long[] dims = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            dims[i] = t.dims()[(int) perm[i]];
        }
        return pick(t, dims, sourceIndices(dims, idx -> {
            long s = 0;
            for (int i = 0; i < perm.length; i++) {
                s += idx[i] * inStrides[(int) perm[i]];
            }
            return s;
        }));
    }

    static ConstTensor reshape(ConstTensor t, long[] dims) {
        return t.isFloat() ? ConstTensor.ofFloats(dims, t.floats()) : ConstTensor.ofLongs(dims, t.longs());
    }

    /** ONNX Reshape's target shape: 0 copies the input's dimension, -1 takes what is left. */
    static long[] reshapeTarget(long[] in, long[] shape) {
        long[] out = shape.clone();
        long known = 1;
        int infer = -1;
        long total = 1;
        for (long d : in) {
            total *= d;
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = in[i];
            }
            if (out[i] == -1) {
                infer = i;
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            out[infer] = known == 0 ? 0 : total / known;
        }
        return out;
    }

    static ConstTensor squeeze(ConstTensor t, long[] axes) {
        List<Long> dims = new ArrayList<>();
        boolean[] drop = new boolean[t.rank()];
        for (long a : axes) {
            drop[axis(a, t.rank())] = true;
        }
        for (int i = 0; i < t.rank(); i++) {
            if (axes.length == 0 ? t.dims()[i] != 1 : !drop[i]) {
                dims.add(t.dims()[i]);
            }
        }
        return reshape(t, dims.stream().mapToLong(Long::longValue).toArray());
    }

    static ConstTensor unsqueeze(ConstTensor t, long[] axes) {
        int rank = t.rank() + axes.length;
        boolean[] added = new boolean[rank];
        for (long a : axes) {
            added[axis(a, rank)] = true;
        }
        long[] dims = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            dims[i] = added[i] ? 1 : t.dims()[j++];
        }
        return reshape(t, dims);
    }

    static ConstTensor concat(List<ConstTensor> parts, long axisAttr) {
        ConstTensor first = parts.get(0);
        int axis = axis(axisAttr, first.rank());
        long[] dims = first.dims().clone();
        dims[axis] = 0;
        for (ConstTensor p : parts) {
            dims[axis] += p.dims()[axis];
        }
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims[i];
        }
        boolean floats = parts.stream().allMatch(ConstTensor::isFloat);
        int n = 0;
        for (ConstTensor p : parts) {
            n += p.count();
        }
        float[] fv = floats ? new float[n] : null;
        long[] lv = floats ? null : new long[n];
        int at = 0;
        for (long o = 0; o < outer; o++) {
            for (ConstTensor p : parts) {
                int chunk = (int) (p.count() / Math.max(outer, 1));
                for (int i = 0; i < chunk; i++) {
                    int src = (int) (o * chunk + i);
                    if (floats) {
                        fv[at++] = p.floats()[src];
                    } else {
                        lv[at++] = p.isFloat() ? (long) p.floats()[src] : p.longs()[src];
                    }
                }
            }
        }
        return floats ? ConstTensor.ofFloats(dims, fv) : ConstTensor.ofLongs(dims, lv);
    }

    static ConstTensor gather(ConstTensor data, ConstTensor indices, long axisAttr) {
        int axis = axis(axisAttr, data.rank());
        long extent = data.dims()[axis];
        long[] idx = indices.asLongs().clone();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0) {
                idx[i] += extent;
            }
            if (idx[i] < 0 || idx[i] >= extent) {
                throw new OnnxRefusal("index " + indices.asLongs()[i] + " is out of range for extent " + extent);
            }
        }
        long[] dims = new long[data.rank() - 1 + indices.rank()];
        int k = 0;
        for (int i = 0; i < axis; i++) {
            dims[k++] = data.dims()[i];
        }
        for (long d : indices.dims()) {
            dims[k++] = d;
        }
        for (int i = axis + 1; i < data.rank(); i++) {
            dims[k++] = data.dims()[i];
        }
        long[] inStrides = strides(data.dims());
        int ir = indices.rank();
        long[] idxStrides = strides(indices.dims());
        return pick(data, dims, sourceIndices(dims, at -> {
            long s = 0;
            for (int i = 0; i < axis; i++) {
                s += at[i] * inStrides[i];
            }
            long flat = 0;
            for (int i = 0; i < ir; i++) {
                flat += at[axis + i] * idxStrides[i];
            }
            s += idx[(int) flat] * inStrides[axis];
            for (int i = axis + 1; i < data.rank(); i++) {
                s += at[i - 1 + ir] * inStrides[i];
            }
            return s;
        }));
    }

    /** ONNX Slice: per listed axis, from {@code start} up to {@code end} by {@code step} (clamped as ONNX does). */
    static ConstTensor slice(ConstTensor t, long[] starts, long[] ends, long[] axes, long[] steps) {
        long[] from = new long[t.rank()];
        long[] step = new long[t.rank()];
        long[] dims = t.dims().clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = axis(axes == null ? i : axes[i], t.rank());
            long[] r = range(t.dims()[a], starts[i], ends[i], steps == null ? 1 : steps[i]);
            from[a] = r[0];
            step[a] = r[2];
            dims[a] = r[1];
        }
        long[] inStrides = strides(t.dims());
        return pick(t, dims, sourceIndices(dims, at -> {
            long s = 0;
            for (int i = 0; i < at.length; i++) {
                s += (from[i] + at[i] * step[i]) * inStrides[i];
            }
            return s;
        }));
    }

    /** {first index, count, step} that a Slice takes from an axis of {@code extent}. */
    static long[] range(long extent, long start, long end, long step) {
        if (step == 0) {
            throw new OnnxRefusal("a Slice step of 0");
        }
        if (start < 0) {
            start += extent;
        }
        if (end < 0) {
            end += extent;
        }
        long count;
        if (step > 0) {
            start = Math.max(0, Math.min(start, extent));
            end = Math.max(0, Math.min(end, extent));
            count = end > start ? (end - start + step - 1) / step : 0;
        } else {
            start = Math.max(-1, Math.min(start, extent - 1));
            end = Math.max(-1, Math.min(end, extent - 1));
            count = start > end ? (start - end - step - 1) / -step : 0;
        }
        return new long[] {start, count, step};
    }

    /** Add, Sub, Mul, Div of two constants: same shape, or one of them a single value. */
    static ConstTensor arithmetic(String op, ConstTensor a, ConstTensor b) {
        boolean aOne = a.count() == 1;
        boolean bOne = b.count() == 1;
        if (!aOne && !bOne && !Arrays.equals(a.dims(), b.dims())) {
            throw new OnnxRefusal("broadcasting " + a.shapeString() + " with " + b.shapeString()
                    + " between constants is not folded");
        }
        long[] dims = aOne && !bOne ? b.dims() : a.dims();
        if (aOne && bOne && b.rank() > a.rank()) {
            dims = b.dims();
        }
        int n = Math.max(a.count(), b.count());
        if (a.isFloat() || b.isFloat()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                double x = a.at(aOne ? 0 : i);
                double y = b.at(bOne ? 0 : i);
                v[i] = (float)
                        switch (op) {
                            case "Add" -> x + y;
                            case "Sub" -> x - y;
                            case "Mul" -> x * y;
                            default -> x / y;
                        };
            }
            return ConstTensor.ofFloats(dims, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            long x = a.longs()[aOne ? 0 : i];
            long y = b.longs()[bOne ? 0 : i];
            if (x == ConstTensor.BATCH || y == ConstTensor.BATCH) {
                // the batch times one, plus zero, stays the batch; anything else of it is unknown
                boolean identity = (op.equals("Mul") || op.equals("Div")) && (x == 1 || y == 1)
                        || (op.equals("Add") || op.equals("Sub")) && (x == 0 || y == 0);
                if (!identity) {
                    throw new OnnxRefusal("arithmetic on the batch size is not folded");
                }
                v[i] = ConstTensor.BATCH;
                continue;
            }
            v[i] = switch (op) {
                case "Add" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                default -> Math.floorDiv(x, y);
            };
        }
        return ConstTensor.ofLongs(dims, v);
    }

    static ConstTensor cast(ConstTensor t, long to) {
        if (to == OnnxTypes.FLOAT || to == 11 || to == 10 || to == 16) {
            if (t.isFloat()) {
                return t;
            }
            float[] v = new float[t.count()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) t.at(i);
            }
            return ConstTensor.ofFloats(t.dims(), v);
        }
        return ConstTensor.ofLongs(t.dims(), t.asLongs());
    }
}
