package lstmjob.model;

/**
 * A model file that cannot be served. The message is meant for the user as it is: it names the file or
 * layer and the reason, so callers print it without a stack trace.
 */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
