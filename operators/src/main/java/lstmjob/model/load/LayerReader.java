package lstmjob.model.load;

/**
 * Reads one Keras layer type: its config, checks and takes its weights, and builds the layer that computes it, or
 * refuses it with a short reason. {@link LayerReaders} holds one per Keras class name; adding a layer type is one
 * reader there beside one layer in {@code lstmjob.model.layers}.
 */
@FunctionalInterface
interface LayerReader {

    /**
     * @param layer the layer as the file gives it, with the shapes flowing into it from the graph
     * @throws LayerRefusal when the layer cannot be served, naming why (the builder adds the file and the layer)
     */
    LayerRead read(KerasLayer layer);
}
