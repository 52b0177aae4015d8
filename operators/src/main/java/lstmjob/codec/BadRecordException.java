package lstmjob.codec;

/** An input record that cannot be applied; the message is the dead letter's {@code error}, for users. */
public class BadRecordException extends Exception {
    public BadRecordException(String message) {
        super(message, null, false, false); // no stack trace: bad records are expected traffic, not bugs
    }
}
