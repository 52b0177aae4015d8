package lstmjob.codec;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** Jackson names the limit and the length found in its message only: "Name length (50001) exceeds ...". */
    private static final Pattern FOUND = Pattern.compile("\\((\\d+)\\)");

    private ReadLimits() {
    }

    static String reason(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher found = FOUND.matcher(m);
        String length = found.find() ? " of " + found.group(1) + " characters" : "";
        if (m.startsWith("Document nesting depth")) {
            return "nested too deeply (more than " + MAX_DEPTH + " levels)";
        }
        if (m.startsWith("Number value length")) {
            return "a number" + length + ", over the limit of " + MAX_NUMBER_CHARS;
        }
        if (m.startsWith("Name length")) {
            return "a member name" + length + ", over the limit of " + MAX_NAME_CHARS;
        }
        if (m.startsWith("String value length")) {
            return "a string" + length + ", over the limit of " + MAX_STRING_CHARS;
        }
        int nl = m.indexOf('\n');
        return "over a read limit: " + (nl < 0 ? m : m.substring(0, nl));
    }
}
