package lstmjob.model.load;

import lstmjob.model.layers.EmbeddingLayer;

/** Keras Embedding on an input of the model: its table (input_dim × output_dim) and mask_zero. */
final class EmbeddingReader implements LayerReader {

    @Override
    public LayerRead read(KerasLayer k) {
        int vocabulary = k.config().positiveInt("input_dim");
        if (k.input().vocabulary() != vocabulary) {
            throw new LayerRefusal("an Embedding is served only on an input of the model, where records give it ids");
        }
        int dim = k.config().positiveInt("output_dim");
        float[][] w = k.take(new WeightCheck().expect("embeddings", vocabulary, dim));
        boolean maskZero = k.config().bool("mask_zero", false);
        EmbeddingLayer layer = new EmbeddingLayer(k.name(), k.className(), vocabulary, dim, w[0], maskZero);
        return LayerRead.of(layer, Shape.timesteps(dim).withMask(maskZero));
    }
}
