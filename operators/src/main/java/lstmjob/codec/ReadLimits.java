package lstmjob.codec;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * The limits Jackson checks while it reads a record, and for each the reason its dead letter gives. The record's
 * size is checked before reading ({@code max-record-bytes}), the key's after ({@code max-key-bytes}).
 */
final class ReadLimits {

    /** Objects and arrays nested deeper than this are refused before they are read. */
    static final int MAX_DEPTH = 16;
    /** Characters of one number (Jackson's default): a float32 needs no more than a few dozen. */
    static final int MAX_NUMBER_CHARS = 1000;
    /** Characters of one member name (Jackson's default). */
    static final int MAX_NAME_CHARS = 50_000;
    /** Characters of one string the decoder reads (Jackson's default); only met when max-record-bytes is above. */
    static final int MAX_STRING_CHARS = 20_000_000;

    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(MAX_NUMBER_CHARS)
            .maxNameLength(MAX_NAME_CHARS)
            .maxStringLength(MAX_STRING_CHARS)
            .build();

    private ReadLimits() {}

    static String reason(StreamConstraintsException e) {
        // Jackson tells its limits apart in the message only; the length it gives is where it stopped reading
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Document nesting depth")) {
            return "nested too deeply (more than " + MAX_DEPTH + " levels)";
        }
        if (m.startsWith("Number value length")) {
            return "a number over " + MAX_NUMBER_CHARS + " characters long";
        }
        if (m.startsWith("Name length")) {
            return "a member name over " + MAX_NAME_CHARS + " characters long";
        }
        if (m.startsWith("String value length")) {
            return "a string over " + MAX_STRING_CHARS + " characters long";
        }
        int nl = m.indexOf('\n');
        return "over a read limit: " + (nl < 0 ? m : m.substring(0, nl));
    }
}
