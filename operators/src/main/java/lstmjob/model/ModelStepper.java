package lstmjob.model;

import java.util.List;
import lstmjob.model.layers.Layer;
import lstmjob.model.layers.Mask;
import org.ejml.data.FMatrixRMaj;

/**
 * Steps a model one timestep for one key or for a bundle of keys at once (one matrix-matrix product per
 * layer). Owns every buffer it needs, allocated once: the hot path allocates nothing. Not thread-safe:
 * one per thread (one per operator instance).
 */
public final class ModelStepper {

    private final Model model;
    private final int maxRows;
    private final List<Layer> layers;
    /** acts[0] is the input, acts[i + 1] the output of layer i. */
    private final FMatrixRMaj[] acts;
    /** Per layer, its state matrices (rows × stateSize). */
    private final FMatrixRMaj[][] states;

    private final Object[] scratch;
    private final Mask mask;
    /** For each state-layout entry, the index of its layer. */
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
        this.layers = model.layers();
        this.acts = new FMatrixRMaj[layers.size() + 1];
        this.acts[0] = new FMatrixRMaj(maxRows, model.inputSize());
        this.states = new FMatrixRMaj[layers.size()][];
        this.scratch = new Object[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            acts[i + 1] = new FMatrixRMaj(maxRows, l.outputSize());
            states[i] = new FMatrixRMaj[l.stateVectors()];
            for (int v = 0; v < l.stateVectors(); v++) {
                states[i][v] = new FMatrixRMaj(maxRows, l.stateSize());
            }
            scratch[i] = l.newScratch(maxRows);
        }
        this.mask = new Mask(maxRows);
        List<StateLayout.Entry> entries = model.stateLayout().entries();
        this.entryLayer = new int[entries.size()];
        for (int e = 0, i = 0; i < layers.size(); i++) {
            if (layers.get(i).stateVectors() > 0) {
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
     * {@code rows} keys, one timestep each: row r reads {@code inputs[r]}, updates {@code states[r]} in place
     * and writes {@code outputs[r]}.
     */
    public void step(int rows, float[][] inputs, float[][] keyStates, float[][] outputs) {
        if (rows < 1 || rows > maxRows) {
            throw new IllegalArgumentException("rows must be in 1.." + maxRows + ": " + rows);
        }
        int in = model.inputSize();
        FMatrixRMaj x = acts[0];
        x.reshape(rows, in, false);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(inputs[r], 0, x.data, r * in, in);
        }
        gatherStates(rows, keyStates);
        mask.clear();
        for (int i = 0; i < layers.size(); i++) {
            FMatrixRMaj out = acts[i + 1];
            out.reshape(rows, layers.get(i).outputSize(), false);
            layers.get(i).step(acts[i], out, states[i], mask, scratch[i]);
        }
        scatterStates(rows, keyStates);
        FMatrixRMaj y = acts[layers.size()];
        int outSize = y.numCols;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(y.data, r * outSize, outputs[r], 0, outSize);
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
