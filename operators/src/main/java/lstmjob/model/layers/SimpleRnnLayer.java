package lstmjob.model.layers;

import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.layers.kernels.PackedWeights;
import org.ejml.data.FMatrixRMaj;

/** Keras SimpleRNN, one timestep: h' = act(x·W + h·U + b), as one product [x | h]·[W; U] + b. */
public final class SimpleRnnLayer implements Layer {

    private final String name;
    private final String type;
    private final int inputSize;
    private final int units;
    private final MatrixKernel kernel;
    private final PackedWeights weights;
    private final long parameterCount;
    private final Activation activation;
    private final boolean returnSequences;

    /**
     * @param kernel          (inputSize, units) row-major
     * @param recurrentKernel (units, units) row-major
     * @param bias            units, or null
     */
    public SimpleRnnLayer(String name, String type, int inputSize, int units, float[] kernel,
                          float[] recurrentKernel, float[] bias, Activation activation, boolean returnSequences) {
        this.name = name;
        this.type = type;
        this.inputSize = inputSize;
        this.units = units;
        this.kernel = Kernels.selected();
        this.weights = this.kernel.pack(Recurrent.stack(kernel, recurrentKernel), inputSize + units, units, bias);
        this.parameterCount = (long) kernel.length + recurrentKernel.length + (bias == null ? 0 : bias.length);
        this.activation = Activations.on(this.kernel, activation);
        this.returnSequences = returnSequences;
    }

    private static final class Scratch {
        final float[] xh;
        final float[] z;
        final int zStride;
        final float[] rowBuffer;
        final FMatrixRMaj[] next;

        Scratch(int rows, int inputSize, int units, int zStride) {
            xh = new float[rows * (inputSize + units)];
            z = new float[rows * zStride];
            this.zStride = zStride;
            rowBuffer = new float[zStride];
            next = new FMatrixRMaj[] {new FMatrixRMaj(rows, units)};
        }
    }

    @Override
    public Object newScratch(int maxRows) {
        return new Scratch(maxRows, inputSize, units, weights.paddedCols());
    }

    @Override
    public void step(FMatrixRMaj in, FMatrixRMaj out, FMatrixRMaj[] state, Mask mask, Object scratch) {
        Scratch s = (Scratch) scratch;
        int rows = in.numRows;
        int zs = s.zStride;
        Recurrent.concat(rows, in.data, inputSize, state[0].data, units, s.xh);
        kernel.affine(rows, s.xh, 0, inputSize + units, weights, s.z, 0, zs, s.rowBuffer);
        FMatrixRMaj hNext = s.next[0];
        hNext.reshape(rows, units, false);
        for (int r = 0; r < rows; r++) {
            activation.apply(s.z, r * zs, r * zs + units);
            System.arraycopy(s.z, r * zs, hNext.data, r * units, units);
        }
        Recurrent.commit(state, s.next, out, mask);
        Recurrent.afterStep(mask, returnSequences);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public long parameterCount() {
        return parameterCount;
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    /** Multiply-adds per row and step: (inputSize + units) · units. */
    public long multiplyAdds() {
        return weights.multiplyAdds();
    }
}
