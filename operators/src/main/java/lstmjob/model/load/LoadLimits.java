package lstmjob.model.load;

/**
 * How much a model file may make the loader read and allocate. A model file can be damaged or hostile: every size
 * it declares is checked against these limits (and the file's own size) before anything is allocated for it.
 *
 * @param maxParameters the most weight values a model may declare; a larger model is refused before its weights
 *                      are read
 * @param allowNonFiniteWeights whether a model whose weights hold NaN or infinite values is served anyway (with a
 *                      warning) rather than refused: its predictions would be NaN wherever those weights reach
 */
public record LoadLimits(long maxParameters, boolean allowNonFiniteWeights) {

    /** The default of {@code --max-model-parameters}: a hundred million weights, 400 MB as float32. */
    public static final long DEFAULT_MAX_PARAMETERS = 100_000_000L;

    public static final LoadLimits DEFAULT = new LoadLimits(DEFAULT_MAX_PARAMETERS, false);

    /** A model's JSON (config.json, metadata.json, model.json, the model_config attribute): far more than any. */
    static final int MAX_TEXT_BYTES = 16 << 20;

    /** The largest array the JVM allocates. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    public LoadLimits {
        if (maxParameters <= 0) {
            throw new IllegalArgumentException(
                    "the maximum number of model parameters must be positive, not " + maxParameters);
        }
    }

    /** At most {@code maxParameters} weight values, all of them finite. */
    public LoadLimits(long maxParameters) {
        this(maxParameters, false);
    }

    /** These limits, serving models with non-finite weights (with a warning) rather than refusing them. */
    public LoadLimits allowingNonFiniteWeights() {
        return new LoadLimits(maxParameters, true);
    }

    /**
     * The most bytes a weights file (or archive entry) may hold: every allowed parameter stored as float64, plus
     * room for its structure, and never more than one array holds.
     */
    long maxWeightBytes() {
        return Math.min(
                MAX_ARRAY_BYTES,
                maxParameters > MAX_ARRAY_BYTES / 8 ? MAX_ARRAY_BYTES : maxParameters * 8 + MAX_TEXT_BYTES);
    }
}
