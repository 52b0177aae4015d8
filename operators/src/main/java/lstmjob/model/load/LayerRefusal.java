package lstmjob.model.load;

/**
 * Why one layer cannot be served; {@link ModelBuilder} turns it into a {@code ModelLoadException} prefixed
 * with the file and the layer's name and class, so the reason itself stays short.
 */
final class LayerRefusal extends RuntimeException {
    LayerRefusal(String reason) {
        super(reason, null, false, false);
    }
}
