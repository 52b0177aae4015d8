package lstmjob.codec;

/**
 * An input record before decoding: its bytes and where it came from ({@code topic/partition@offset} or
 * {@code file:line}).
 */
public record RawRecord(byte[] value, String source) {}
