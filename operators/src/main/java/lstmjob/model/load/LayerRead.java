package lstmjob.model.load;

import java.util.List;
import lstmjob.model.layers.Layer;

/**
 * What a {@link LayerReader} made of a layer: the layers that compute it, applied one after the other (usually one;
 * none for a layer that is the identity at inference, which is dropped; several for an RNN over stacked cells), and
 * the shape it outputs.
 */
record LayerRead(List<Layer> layers, Shape output) {

    LayerRead {
        layers = List.copyOf(layers);
    }

    /** A layer that outputs {@code output}. */
    static LayerRead of(Layer layer, Shape output) {
        return new LayerRead(List.of(layer), output);
    }

    /** Layers applied one after the other, the last outputting {@code output}. */
    static LayerRead sequence(List<Layer> layers, Shape output) {
        return new LayerRead(layers, output);
    }

    /** A layer that keeps the shape it was given. */
    static LayerRead sameShape(Layer layer, Shape input) {
        return of(layer, input);
    }

    /** A layer that is the identity at inference: nothing to compute, its input passes on. */
    static LayerRead dropped(Shape input) {
        return new LayerRead(List.of(), input);
    }

    /** Whether it computes anything (else its input passes on). */
    boolean computes() {
        return !layers.isEmpty();
    }

    /** The one layer, or the last of several; null when dropped. */
    Layer layer() {
        return layers.isEmpty() ? null : layers.get(layers.size() - 1);
    }
}
