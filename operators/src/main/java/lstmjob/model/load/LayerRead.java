package lstmjob.model.load;

import lstmjob.model.layers.Layer;

/**
 * What a {@link LayerReader} made of a layer: the layer that computes it, or none for a layer that is the identity
 * at inference (it is dropped), and the shape it outputs.
 */
record LayerRead(Layer layer, Shape output) {

    /** A layer that outputs {@code output}. */
    static LayerRead of(Layer layer, Shape output) {
        return new LayerRead(layer, output);
    }

    /** A layer that keeps the shape it was given. */
    static LayerRead sameShape(Layer layer, Shape input) {
        return new LayerRead(layer, input);
    }

    /** A layer that is the identity at inference: nothing to compute, its input passes on. */
    static LayerRead dropped(Shape input) {
        return new LayerRead(null, input);
    }
}
