package lstmjob.codec;

import java.util.Locale;

/**
 * What kind of wrong a dead letter is: a small fixed set, so that dead letters can be counted per kind (the
 * {@code reason} label of the dead-letter metrics) while each dead letter's {@code error} says exactly what is wrong.
 */
public enum DeadLetterReason {
    /** The bytes are not strict UTF-8. */
    NOT_UTF8,
    /** Empty, not JSON, not one JSON object, or a member named twice. */
    NOT_JSON,
    /** Over {@code max-record-bytes}. */
    TOO_LARGE,
    /** Over one of the reader's limits: nesting depth, a number's or a member name's or a string's length. */
    LIMITS,
    /** No {@code key}. */
    NO_KEY,
    /** A key that is not a string, empty, not Unicode text, or over {@code max-key-bytes}. */
    BAD_KEY,
    /**
     * No {@code x}, or an {@code x} of the wrong shape or feature count; for several inputs, a missing or unknown
     * member or members with different numbers of timesteps; a value of an id input that is not one of its ids.
     */
    BAD_X,
    /** A value of {@code x} or of a state that is not a finite float32 number. */
    BAD_NUMBER,
    /** A {@code seq}, {@code ts}, {@code step} or {@code end} of the wrong kind or range. */
    BAD_FIELD,
    /** A {@code type} that is not a string or not one of the known types. */
    BAD_TYPE,
    /** A set-state record whose {@code states} do not fit the model (or set-state is not available). */
    BAD_STATES;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The label the metrics carry, such as {@code not_json}. */
    public String label() {
        return label;
    }
}
