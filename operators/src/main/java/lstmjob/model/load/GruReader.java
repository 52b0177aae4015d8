package lstmjob.model.load;

import lstmjob.model.layers.Activation;
import lstmjob.model.layers.GruLayer;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Keras GRU and CuDNNGRU into a {@link GruLayer}. {@code reset_after} decides the bias shape; when the config does
 * not say, the bias in the file tells it, else the default of the Keras generation.
 */
final class GruReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        return read(k, "GRU");
    }

    /** @param type the type the layer reports, e.g. {@code RNN(GRUCell)} */
    static LayerRead read(KerasLayer k, String type) {
        RecurrentConfig c = RecurrentConfig.of(k);
        int units = c.units();
        boolean resetAfter = resetAfter(k, c);
        int in = k.input().size();
        WeightCheck check =
                new WeightCheck().expect("kernel", in, 3 * units).expect("recurrent_kernel", units, 3 * units);
        if (c.useBias()) {
            if (c.cudnn()) {
                check.expect("bias", 6 * units);
            } else if (resetAfter) {
                check.expect("bias", 2, 3 * units);
            } else {
                check.expect("bias", 3 * units);
            }
        }
        float[][] w;
        try {
            w = k.take(check);
        } catch (LayerRefusal r) {
            throw new LayerRefusal(r.getMessage() + " (reset_after=" + resetAfter
                    + (k.config().has("reset_after") ? "" : ", the default for this Keras version") + ")");
        }
        Activation act = c.activation();
        Activation rec = c.recurrentActivation();
        boolean seq = c.returnSequences();
        GruLayer gru = new GruLayer(
                k.name(),
                type,
                in,
                units,
                resetAfter,
                w[0],
                w[1],
                c.useBias() ? w[2] : null,
                act,
                rec,
                seq,
                k.kernel());
        return LayerRead.of(gru, k.input().afterRecurrent(units, seq));
    }

    private static boolean resetAfter(KerasLayer k, RecurrentConfig c) {
        if (c.cudnn()) {
            return true;
        }
        if (k.config().has("reset_after")) {
            return k.config().bool("reset_after", false);
        }
        if (c.useBias() && k.weights().size() >= 3) {
            // The bias shape tells reset_after for certain: (2, 3·units) or (3·units).
            return k.weights().get(2).shape().length == 2;
        }
        return k.flavor() == Flavor.TF_KERAS2 || k.flavor() == Flavor.KERAS3;
    }
}
