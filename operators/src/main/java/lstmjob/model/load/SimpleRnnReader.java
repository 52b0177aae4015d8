package lstmjob.model.load;

import lstmjob.model.layers.SimpleRnnLayer;

/** Keras SimpleRNN: kernel, recurrent kernel and bias, into a {@link SimpleRnnLayer}. */
final class SimpleRnnReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        return read(k, k.className());
    }

    /** @param type the type the layer reports, e.g. {@code RNN(SimpleRNNCell)} */
    static LayerRead read(KerasLayer k, String type) {
        int units = k.config().positiveInt("units");
        boolean useBias = k.config().bool("use_bias", true);
        int in = k.input().size();
        float[][] w = k.take(new WeightCheck()
                .expect("kernel", in, units)
                .expect("recurrent_kernel", units, units)
                .expectIf(useBias, "bias", units));
        boolean seq = k.config().bool("return_sequences", false);
        SimpleRnnLayer rnn = new SimpleRnnLayer(
                k.name(),
                type,
                in,
                units,
                w[0],
                w[1],
                useBias ? w[2] : null,
                k.activation("activation", "tanh"),
                seq,
                k.kernel());
        return LayerRead.of(rnn, k.input().afterRecurrent(units, seq));
    }
}
