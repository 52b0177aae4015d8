package lstmjob.savepoint;

/**
 * A refusal the user can act on (a savepoint of another model, a bad line in a states file, wrong sizes): its
 * message is shown as it is, on one line, so it names the file, line, key, layer and sizes involved.
 */
public final class StatesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StatesException(String message) {
        super(message);
    }

    public StatesException(String message, Throwable cause) {
        super(message, cause);
    }
}
