package lstmjob.codec;

/** An input record that cannot be applied; the message is the dead letter's {@code error}, for users. */
public class BadRecordException extends Exception {

    private final DeadLetterReason reason;

    public BadRecordException(DeadLetterReason reason, String message) {
        super(message, null, false, false); // no stack trace: bad records are expected traffic, not bugs
        this.reason = reason;
    }

    /** The kind of wrong, for counting. */
    public DeadLetterReason reason() {
        return reason;
    }
}
