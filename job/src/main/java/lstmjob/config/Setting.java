package lstmjob.config;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ConfigOptions.TypedConfigOptionBuilder;
import org.apache.flink.util.TimeUtils;

/**
 * One setting of the job, declared once: its key (the YAML key, and the flag with two dashes), type and default
 * as a Flink {@link ConfigOption}, the doc that {@code --help} prints, and the check its value must pass.
 *
 * @param option  key, type, default and description
 * @param type    the value's type, which says how a value that cannot be read is explained
 * @param label   what the flag's value looks like in {@code --help}, e.g. {@code N}, {@code DURATION}
 * @param doc     the description, without the default
 * @param unset   what having no value means, for a setting without a default (e.g. "never"); null otherwise
 * @param valid   the check a given value must pass
 * @param problem what is wrong with a value that fails the check, after the key: "must be positive"
 */
public record Setting<T>(
        ConfigOption<T> option,
        Class<T> type,
        String label,
        String doc,
        String unset,
        Predicate<T> valid,
        Function<T, String> problem) {

    /** A whole number; null: no default. */
    static Setting<Integer> whole(String key, Integer dflt, String label, String doc) {
        TypedConfigOptionBuilder<Integer> b = ConfigOptions.key(key).intType();
        return of(dflt == null ? b.noDefaultValue() : b.defaultValue(dflt), Integer.class, label, doc);
    }

    /** A duration such as 5ms, 10s, 30min; null: no default. */
    static Setting<Duration> duration(String key, Duration dflt, String doc) {
        TypedConfigOptionBuilder<Duration> b = ConfigOptions.key(key).durationType();
        return of(dflt == null ? b.noDefaultValue() : b.defaultValue(dflt), Duration.class, "DURATION", doc);
    }

    /** True or false; as a flag, given alone it means true. */
    static Setting<Boolean> flag(String key, boolean dflt, String doc) {
        return of(ConfigOptions.key(key).booleanType().defaultValue(dflt), Boolean.class, "true|false", doc);
    }

    /** Text; null: no default. */
    static Setting<String> text(String key, String dflt, String label, String doc) {
        TypedConfigOptionBuilder<String> b = ConfigOptions.key(key).stringType();
        return of(dflt == null ? b.noDefaultValue() : b.defaultValue(dflt), String.class, label, doc);
    }

    /** One of a few words, the first the default. */
    static Setting<String> oneOf(String key, String doc, String... allowed) {
        List<String> values = List.of(allowed);
        return text(key, allowed[0], String.join("|", allowed), doc)
                .check(values::contains, v -> "must be one of " + String.join(", ", values) + ", got '" + v + "'");
    }

    private static <T> Setting<T> of(ConfigOption<T> option, Class<T> type, String label, String doc) {
        return new Setting<>(option.withDescription(doc), type, label, doc, null, v -> true, v -> "");
    }

    Setting<T> check(Predicate<T> valid, Function<T, String> problem) {
        return new Setting<>(option, type, label, doc, unset, valid, problem);
    }

    /** For a setting without a default: what leaving it out means. */
    Setting<T> unset(String meaning) {
        return new Setting<>(option, type, label, doc, meaning, valid, problem);
    }

    public String key() {
        return option.key();
    }

    public String flag() {
        return "--" + key();
    }

    /** The line of {@code --help}: the doc and the default. */
    public String help() {
        String dflt = option.hasDefaultValue() ? format(option.defaultValue()) : unset;
        return dflt == null ? doc : doc + " (default: " + dflt + ")";
    }

    /** Why {@code raw} is not a value of this setting, after the key. */
    String unreadable(String raw, Exception e) {
        if (type == Integer.class) {
            return " must be a whole number, got '" + raw + "'";
        }
        if (type == Boolean.class) {
            return " must be true or false, got '" + raw + "'";
        }
        return ": " + (e.getCause() != null ? e.getCause() : e).getMessage();
    }

    /** A value as the user would write it: {@code 5ms}, not {@code PT0.005S}. */
    static String format(Object value) {
        return value instanceof Duration d
                ? TimeUtils.formatWithHighestUnit(d).replace(" ", "")
                : String.valueOf(value);
    }
}
