package lstmjob.model.load.onnx;

import java.util.List;
import lstmjob.model.load.onnx.Value.Const;
import lstmjob.model.load.onnx.Value.FinalState;
import lstmjob.model.load.onnx.Value.FinalStates;
import lstmjob.model.load.onnx.Value.Flow;
import lstmjob.model.load.onnx.Value.StateInput;
import lstmjob.model.load.onnx.Value.StateSlice;
import lstmjob.model.load.onnx.Value.ZeroState;

/**
 * The nodes that only move the axes of a one-timestep batch ({@code Transpose}, {@code Squeeze}, {@code Unsqueeze},
 * {@code Reshape}, {@code Flatten}, {@code Slice}): they vanish, leaving the vector a layer computes as it is, and
 * only the record of its axes changes. What would move the batch or the features, or take other timesteps, is
 * refused.
 */
final class AxisMoves {

    private AxisMoves() {}

    static Value transpose(Value v, OnnxAttributes a) {
        int rank = rank(v);
        long[] perm = a.integers("perm").stream().mapToLong(Long::longValue).toArray();
        if (perm.length == 0) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        if (v instanceof Const c) {
            return new Const(ConstFolding.transpose(c.tensor(), perm));
        }
        if (v instanceof Flow f) {
            StringBuilder axes = new StringBuilder();
            for (long p : perm) {
                axes.append(f.axes().charAt((int) p));
            }
            return f.withAxes(axes.toString());
        }
        throw new OnnxRefusal("transposes a recurrent state");
    }

    static int rank(Value v) {
        if (v instanceof Const c) {
            return c.tensor().rank();
        }
        if (v instanceof Flow f) {
            return f.axes().length();
        }
        return 3;
    }

    static Value squeeze(Value v, long[] axes) {
        if (v instanceof Const c) {
            return new Const(ConstFolding.squeeze(c.tensor(), axes));
        }
        if (v instanceof FinalState s) {
            v = asFlow(s);
        }
        if (v instanceof Flow f) {
            StringBuilder kept = new StringBuilder();
            boolean[] drop = new boolean[f.axes().length()];
            for (long ax : axes) {
                drop[ConstFolding.axis(ax, drop.length)] = true;
            }
            for (int i = 0; i < drop.length; i++) {
                char c = f.axes().charAt(i);
                boolean dropIt = axes.length == 0 ? c == 'S' : drop[i];
                if (dropIt && c != 'S') {
                    throw new OnnxRefusal("squeezes the " + (c == 'B' ? "batch" : "feature") + " axis");
                }
                if (!dropIt) {
                    kept.append(c);
                }
            }
            return f.withAxes(kept.toString());
        }
        throw new OnnxRefusal("squeezes a recurrent state");
    }

    static Value unsqueeze(Value v, long[] axes) {
        if (v instanceof Const c) {
            return new Const(ConstFolding.unsqueeze(c.tensor(), axes));
        }
        if (v instanceof Flow f) {
            int rank = f.axes().length() + axes.length;
            boolean[] added = new boolean[rank];
            for (long ax : axes) {
                added[ConstFolding.axis(ax, rank)] = true;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0, j = 0; i < rank; i++) {
                out.append(added[i] ? 'S' : f.axes().charAt(j++));
            }
            return f.withAxes(out.toString());
        }
        throw new OnnxRefusal("unsqueezes a recurrent state");
    }

    static Value reshape(Value v, long[] shape) {
        if (v instanceof Const c) {
            return new Const(ConstFolding.reshape(
                    c.tensor(), ConstFolding.reshapeTarget(c.tensor().dims(), shape)));
        }
        if (v instanceof FinalState s) {
            v = asFlow(s);
        }
        if (!(v instanceof Flow f)) {
            throw new OnnxRefusal("reshapes a recurrent state");
        }
        // Only axes of extent one may come and go: the batch must stay before the features, both whole.
        StringBuilder axes = new StringBuilder();
        int inferred = -1;
        for (int i = 0; i < shape.length; i++) {
            long d = shape[i];
            if (d == 0) {
                if (i >= f.axes().length()) {
                    throw new OnnxRefusal("copies a dimension the input does not have");
                }
                axes.append(f.axes().charAt(i));
            } else if (d == ConstTensor.BATCH) {
                axes.append('B');
            } else if (d == -1) {
                inferred = i;
                axes.append('?');
            } else if (d == 1 && !(f.size() == 1 && axes.indexOf("F") < 0 && onlyOnesAfter(shape, i))) {
                axes.append('S');
            } else if (d == f.size()) {
                axes.append('F');
            } else {
                throw new OnnxRefusal(
                        "reshapes the features (" + f.size() + ") to " + java.util.Arrays.toString(shape));
            }
        }
        if (inferred >= 0) {
            boolean hasB = axes.indexOf("B") >= 0;
            boolean hasF = axes.indexOf("F") >= 0;
            axes.setCharAt(inferred, !hasB ? 'B' : !hasF ? 'F' : 'S');
        }
        String out = axes.toString();
        if (!out.replace("S", "").equals("BF")) {
            throw new OnnxRefusal("reshapes " + f.axes() + " to " + java.util.Arrays.toString(shape)
                    + ", which moves the batch or the features");
        }
        return f.withAxes(out);
    }

    static boolean onlyOnesAfter(long[] shape, int i) {
        for (int j = i + 1; j < shape.length; j++) {
            if (shape[j] != 1) {
                return false;
            }
        }
        return true;
    }

    static Value flatten(Value v, long axis) {
        if (v instanceof Flow f) {
            int ax = (int) (axis < 0 ? axis + f.axes().length() : axis);
            String before = f.axes().substring(0, ax).replace("S", "");
            String after = f.axes().substring(ax).replace("S", "");
            if (before.equals("B") && after.equals("F")) {
                return f.withAxes("BF");
            }
        }
        if (v instanceof Const c) {
            long outer = 1;
            long inner = 1;
            int ax = (int) (axis < 0 ? axis + c.tensor().rank() : axis);
            for (int i = 0; i < c.tensor().rank(); i++) {
                if (i < ax) {
                    outer *= c.tensor().dims()[i];
                } else {
                    inner *= c.tensor().dims()[i];
                }
            }
            return new Const(ConstFolding.reshape(c.tensor(), new long[] {outer, inner}));
        }
        throw new OnnxRefusal("flattens the batch with the features");
    }

    static Value slice(List<Value> in, OnnxAttributes a, int opset) {
        long[] starts;
        long[] ends;
        long[] axes = null;
        long[] steps = null;
        if (opset >= 10) {
            starts = ConstantNodes.constOf(in.get(1), "starts").asLongs();
            ends = ConstantNodes.constOf(in.get(2), "ends").asLongs();
            if (in.size() > 3 && in.get(3) != null) {
                axes = ConstantNodes.constOf(in.get(3), "axes").asLongs();
            }
            if (in.size() > 4 && in.get(4) != null) {
                steps = ConstantNodes.constOf(in.get(4), "steps").asLongs();
            }
        } else {
            starts = a.integers("starts").stream().mapToLong(Long::longValue).toArray();
            ends = a.integers("ends").stream().mapToLong(Long::longValue).toArray();
            if (a.has("axes")) {
                axes = a.integers("axes").stream().mapToLong(Long::longValue).toArray();
            }
        }
        Value v = in.get(0);
        if (v instanceof Const c) {
            return new Const(ConstFolding.slice(c.tensor(), starts, ends, axes, steps));
        }
        if (v instanceof ZeroState) {
            return v;
        }
        if (v instanceof StateInput s || v instanceof FinalStates) {
            int layers = v instanceof StateInput s2
                    ? s2.layers()
                    : ((FinalStates) v).parts().size();
            if (starts.length != 1 || (axes != null && ConstFolding.axis(axes[0], 3) != 0)) {
                throw new OnnxRefusal("slices a recurrent state other than by layer (axis 0)");
            }
            long[] r = ConstFolding.range(layers, starts[0], ends[0], steps == null ? 1 : steps[0]);
            if (r[1] != 1) {
                throw new OnnxRefusal("takes " + r[1] + " layers of a recurrent state at once");
            }
            int layer = (int) r[0];
            return v instanceof StateInput s3
                    ? new StateSlice(s3, layer)
                    : ((FinalStates) v).parts().get(layer);
        }
        if (v instanceof FinalState s) {
            v = asFlow(s);
        }
        if (v instanceof Flow f) {
            for (int i = 0; i < starts.length; i++) {
                int ax = ConstFolding.axis(axes == null ? i : axes[i], f.axes().length());
                char c = f.axes().charAt(ax);
                long step = steps == null ? 1 : steps[i];
                if (c == 'F') {
                    long[] r = ConstFolding.range(f.size(), starts[i], ends[i], step);
                    if (r[0] != 0 || r[1] != f.size() || r[2] != 1) {
                        throw new OnnxRefusal("selects some of the features, which is not supported");
                    }
                } else if (c == 'S') {
                    // one timestep: [0:1], [-1:] and the like all keep it
                    long[] r = ConstFolding.range(1, starts[i], ends[i], step);
                    if (r[1] != 1) {
                        throw new OnnxRefusal("takes timesteps other than the current one");
                    }
                } else {
                    throw new OnnxRefusal("slices the batch");
                }
            }
            return f;
        }
        throw new OnnxRefusal("slices a value of a kind not sliced here");
    }

    /** A recurrent node's final h read as data: the same vector as its one-timestep output. */
    static Flow asFlow(FinalState s) {
        if (s.vector() != 0) {
            throw new OnnxRefusal("reads an LSTM's cell state c as data, which is not supported");
        }
        return new Flow(s.node(), s.size(), "SBF");
    }

    static String describe(String axes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < axes.length(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(
                            switch (axes.charAt(i)) {
                                case 'B' -> "batch";
                                case 'F' -> "features";
                                default -> "1";
                            });
        }
        return sb.append(']').toString();
    }

    static void requireFeaturesLast(Flow f) {
        if (f.featureAxis() != f.axes().length() - 1) {
            throw new OnnxRefusal("the features are not on the last axis");
        }
    }
}
