package lstmjob.model;

/**
 * Model files given in a combination that cannot make a model, whatever they hold: an architecture JSON without
 * its weights file, or a weights file beside a model file that has its own weights. A usage error: the message
 * says what to give instead.
 */
public final class ModelFilesException extends ModelLoadException {
    public ModelFilesException(String message) {
        super(message);
    }
}
