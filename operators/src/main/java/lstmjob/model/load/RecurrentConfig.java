package lstmjob.model.load;

import lstmjob.model.layers.Activation;
import lstmjob.model.layers.Activations;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * What the recurrent layers' configs share: units, bias, return_sequences, and the activations with the defaults
 * of the Keras generation. The cuDNN variants (CuDNNLSTM, CuDNNGRU) have fixed tanh and sigmoid and always a bias.
 * The activations are read when asked, so that a reader reports a layer's faults in the order it checks them.
 */
record RecurrentConfig(KerasLayer layer, int units, boolean cudnn, boolean useBias) {

    static RecurrentConfig of(KerasLayer k) {
        int units = k.config().positiveInt("units");
        boolean cudnn = k.className().startsWith("CuDNN");
        return new RecurrentConfig(k, units, cudnn, cudnn || k.config().bool("use_bias", true));
    }

    Activation activation() {
        return cudnn ? Activations.TANH : layer.activation("activation", "tanh");
    }

    Activation recurrentActivation() {
        return cudnn
                ? Activations.SIGMOID
                : layer.activation("recurrent_activation", defaultRecurrentActivation(layer.flavor()));
    }

    boolean returnSequences() {
        return layer.config().bool("return_sequences", false);
    }

    /** Keras 2.0–2.2 and TF.js default LSTM/GRU gates to hard_sigmoid; tf.keras and Keras 3 to sigmoid. */
    private static String defaultRecurrentActivation(Flavor flavor) {
        return flavor == Flavor.KERAS2 || flavor == Flavor.TFJS ? "hard_sigmoid" : "sigmoid";
    }
}
