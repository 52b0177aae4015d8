package lstmjob.model.load;

import lstmjob.model.layers.Activation;
import lstmjob.model.layers.LstmLayer;

/** Keras LSTM and CuDNNLSTM: kernel, recurrent kernel and (cuDNN: two) biases, into an {@link LstmLayer}. */
final class LstmReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        return read(k, "LSTM");
    }

    /** @param type the type the layer reports, e.g. {@code RNN(LSTMCell)} */
    static LayerRead read(KerasLayer k, String type) {
        RecurrentConfig c = RecurrentConfig.of(k);
        int units = c.units();
        int in = k.input().size();
        float[][] w = k.take(new WeightCheck()
                .expect("kernel", in, 4 * units)
                .expect("recurrent_kernel", units, 4 * units)
                .expectIf(c.useBias(), "bias", (c.cudnn() ? 8 : 4) * units));
        float[] bias = c.useBias() ? w[2] : null;
        if (c.cudnn()) {
            bias = sumHalves(bias); // cuDNN keeps input and recurrent biases apart; LSTM adds both
        }
        Activation act = c.activation();
        Activation rec = c.recurrentActivation();
        boolean seq = c.returnSequences();
        LstmLayer lstm = new LstmLayer(k.name(), type, in, units, w[0], w[1], bias, act, rec, seq, k.kernel());
        return LayerRead.of(lstm, k.input().afterRecurrent(units, seq));
    }

    private static float[] sumHalves(float[] b) {
        int n = b.length / 2;
        float[] sum = new float[n];
        for (int j = 0; j < n; j++) {
            sum[j] = b[j] + b[n + j];
        }
        return sum;
    }
}
