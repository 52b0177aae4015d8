package lstmjob.model;

import java.util.List;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.Mask;
import lstmjob.model.layers.MergeLayer;
import org.ejml.data.FMatrixRMaj;

/**
 * Steps a model one timestep for one key or for a bundle of keys at once (one matrix-matrix product per
 * layer). Owns every buffer it needs, allocated once: the hot path allocates nothing. Not thread-safe:
 * one per thread (one per operator instance).
 *
 * <p>Each tensor of the graph has its matrix and its mask. A tensor read by one node only hands its mask on to that
 * node's output (so a chain has one mask flowing down it, as Keras has); a tensor read by several gives each reader
 * a copy; a merge's output is masked where any of its inputs is.
 */
public final class ModelStepper {

    private final Model model;
    private final int maxRows;
    private final int inputCount;
    private final Layer[] layers;
    /** Per node, the tensors it reads. */
    private final int[][] reads;
    /** Per node, whether it merges several tensors. */
    private final boolean[] merges;
    /** Per node, whether its output's mask is a copy of its input's (else the same object, or a merge's own). */
    private final boolean[] copiesMask;
    /** Per merge node, its input matrices (the same objects every step). */
    private final FMatrixRMaj[][] mergeInputs;
    /** tensors[t]: the model's inputs first, then node i's output at inputs + i. */
    private final FMatrixRMaj[] tensors;

    private final Mask[] masks;
    /** Per node, its state matrices (rows × stateSize). */
    private final FMatrixRMaj[][] states;

    private final Object[] scratch;
    /** Floats of each input in a row, and where it starts. */
    private final int[] inputWidths;

    private final int[] inputOffsets;
    private final int[] outputTensors;
    private final int[] outputWidths;
    /** For each state-layout entry, the index of its node. */
    private final int[] entryLayer;
    /** Reused one-row views for {@link #step(float[], float[], float[])}. */
    private final float[][] oneIn = new float[1][];

    private final float[][] oneState = new float[1][];
    private final float[][] oneOut = new float[1][];

    ModelStepper(Model model, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        this.model = model;
        this.maxRows = maxRows;
        List<ModelNode> nodes = model.nodes();
        List<ModelInput> inputs = model.inputs();
        this.inputCount = inputs.size();
        int n = nodes.size();
        this.layers = new Layer[n];
        this.reads = new int[n][];
        this.merges = new boolean[n];
        this.copiesMask = new boolean[n];
        this.mergeInputs = new FMatrixRMaj[n][];
        this.tensors = new FMatrixRMaj[inputCount + n];
        this.masks = new Mask[inputCount + n];
        this.states = new FMatrixRMaj[n][];
        this.scratch = new Object[n];
        this.inputWidths = new int[inputCount];
        this.inputOffsets = new int[inputCount];
        int offset = 0;
        for (int k = 0; k < inputCount; k++) {
            inputWidths[k] = inputs.get(k).floats();
            inputOffsets[k] = offset;
            offset += inputWidths[k];
            tensors[k] = new FMatrixRMaj(maxRows, inputWidths[k]);
            masks[k] = new Mask(maxRows);
        }
        int[] readers = new int[inputCount + n];
        for (ModelNode node : nodes) {
            for (int t : node.inputs()) {
                readers[t]++;
            }
        }
        for (int i = 0; i < n; i++) {
            ModelNode node = nodes.get(i);
            Layer l = node.layer();
            layers[i] = l;
            reads[i] = node.inputs();
            merges[i] = l instanceof MergeLayer;
            int t = inputCount + i;
            tensors[t] = new FMatrixRMaj(maxRows, l.outputSize());
            if (merges[i]) {
                masks[t] = new Mask(maxRows);
            } else {
                int from = reads[i][0];
                copiesMask[i] = readers[from] > 1;
                masks[t] = copiesMask[i] ? new Mask(maxRows) : masks[from];
            }
            states[i] = new FMatrixRMaj[l.stateVectors()];
            for (int v = 0; v < l.stateVectors(); v++) {
                states[i][v] = new FMatrixRMaj(maxRows, l.stateSize());
            }
            scratch[i] = l.newScratch(maxRows);
        }
        for (int i = 0; i < n; i++) {
            if (merges[i]) {
                mergeInputs[i] = new FMatrixRMaj[reads[i].length];
                for (int k = 0; k < reads[i].length; k++) {
                    mergeInputs[i][k] = tensors[reads[i][k]];
                }
            }
        }
        this.outputTensors = model.outputTensors();
        this.outputWidths = new int[outputTensors.length];
        for (int k = 0; k < outputTensors.length; k++) {
            outputWidths[k] = model.tensorSize(outputTensors[k]);
        }
        List<StateLayout.Entry> entries = model.stateLayout().entries();
        this.entryLayer = new int[entries.size()];
        for (int e = 0, i = 0; i < n; i++) {
            if (layers[i].stateVectors() > 0) {
                entryLayer[e++] = i;
            }
        }
    }

    public Model model() {
        return model;
    }

    public int maxRows() {
        return maxRows;
    }

    /**
     * One key, one timestep: {@code state} (layout floats) is updated in place, the output written to
     * {@code output}.
     */
    public void step(float[] input, float[] state, float[] output) {
        oneIn[0] = input;
        oneState[0] = state;
        oneOut[0] = output;
        step(1, oneIn, oneState, oneOut);
    }

    /**
     * {@code rows} keys, one timestep each: row r reads {@code inputs[r]} (every input's floats, in
     * {@link Model#inputs()} order), updates {@code states[r]} in place and writes {@code outputs[r]} (every output's
     * floats, in {@link Model#outputs()} order).
     */
    public void step(int rows, float[][] inputs, float[][] keyStates, float[][] outputs) {
        if (rows < 1 || rows > maxRows) {
            throw new IllegalArgumentException("rows must be in 1.." + maxRows + ": " + rows);
        }
        for (int k = 0; k < inputCount; k++) {
            int width = inputWidths[k];
            int from = inputOffsets[k];
            FMatrixRMaj x = tensors[k];
            x.reshape(rows, width, false);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(inputs[r], from, x.data, r * width, width);
            }
            masks[k].clear();
        }
        gatherStates(rows, keyStates);
        for (int i = 0; i < layers.length; i++) {
            int t = inputCount + i;
            FMatrixRMaj out = tensors[t];
            out.reshape(rows, layers[i].outputSize(), false);
            if (merges[i]) {
                Mask mask = masks[t];
                mask.clear();
                for (int from : reads[i]) {
                    mask.orFrom(masks[from], rows);
                }
                ((MergeLayer) layers[i]).merge(mergeInputs[i], out);
            } else {
                int from = reads[i][0];
                if (copiesMask[i]) {
                    masks[t].copyFrom(masks[from]);
                }
                layers[i].step(tensors[from], out, states[i], masks[t], scratch[i]);
            }
        }
        scatterStates(rows, keyStates);
        int at = 0;
        for (int k = 0; k < outputTensors.length; k++) {
            float[] y = tensors[outputTensors[k]].data;
            int width = outputWidths[k];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(y, r * width, outputs[r], at, width);
            }
            at += width;
        }
    }

    /**
     * Steps made-up keys (never a caller's state) through every code path this stepper takes: one key per call
     * and full bundles, until C2 has had time to compile them or {@code budget} is spent; so that the first real
     * records do not pay for the compilation (1–3 s for the vector kernel). Call it when the operator opens.
     *
     * @return the number of calls made
     */
    public long warmUp(java.time.Duration budget) {
        float[][] in = new float[maxRows][model.inputSize()];
        float[][] st = new float[maxRows][model.stateLayout().floats()];
        float[][] out = new float[maxRows][model.outputSize()];
        for (int r = 0; r < maxRows; r++) {
            for (int i = 0; i < in[r].length; i++) {
                in[r][i] = (float) Math.sin(r * 31 + i); // varied, bounded inputs
            }
        }
        long deadline = System.nanoTime() + budget.toNanos();
        long calls = 0;
        // C2 compiles a method after some 10,000 invocations or loop iterations: 3 rounds of 10,000 calls leave
        // room for recompilation after the bundled path changes the profile.
        for (int i = 0; i < 30_000 && System.nanoTime() < deadline; i++) {
            step(1, in, st, out);
            if (maxRows > 1) {
                step(maxRows, in, st, out);
                calls++;
            }
            calls++;
            if ((i & 1023) == 1023) {
                for (float[] s : st) {
                    java.util.Arrays.fill(s, 0f); // keep the made-up states from drifting anywhere odd
                }
            }
        }
        return calls;
    }

    private void gatherStates(int rows, float[][] keyStates) {
        List<StateLayout.Entry> entries = model.stateLayout().entries();
        for (int k = 0; k < entries.size(); k++) {
            StateLayout.Entry e = entries.get(k);
            FMatrixRMaj[] s = states[entryLayer[k]];
            for (int v = 0; v < e.vectors(); v++) {
                FMatrixRMaj m = s[v];
                m.reshape(rows, e.size(), false);
                int from = e.offset() + v * e.size();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(keyStates[r], from, m.data, r * e.size(), e.size());
                }
            }
        }
    }

    private void scatterStates(int rows, float[][] keyStates) {
        List<StateLayout.Entry> entries = model.stateLayout().entries();
        for (int k = 0; k < entries.size(); k++) {
            StateLayout.Entry e = entries.get(k);
            FMatrixRMaj[] s = states[entryLayer[k]];
            for (int v = 0; v < e.vectors(); v++) {
                FMatrixRMaj m = s[v];
                int to = e.offset() + v * e.size();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(m.data, r * e.size(), keyStates[r], to, e.size());
                }
            }
        }
    }
}
