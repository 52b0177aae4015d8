package lstmjob.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import lstmjob.codec.FuzzRecords.Draft;
import lstmjob.codec.FuzzRecords.Member;

/**
 * Makes the fuzz test's records from valid drafts: the draft as it is (or after a byte order mark, or with a key at
 * its size limit), or one class of bad input made from it, with the reason the decoder must refuse it with.
 */
final class BadRecords {

    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_KEY_BYTES = 64;

    /** Valid records, then the classes of bad input; a draw picks a valid class 40% of the time. */
    static final List<String> VALID = List.of("valid", "valid-bom", "valid-key-at-limit");

    static final List<String> BAD = List.of(
            "utf8-stray-continuation",
            "utf8-bad-lead",
            "utf8-overlong-2",
            "utf8-overlong-3",
            "utf8-overlong-4",
            "utf8-surrogate",
            "utf8-above-10ffff",
            "utf8-truncated",
            "utf8-truncated-at-end",
            "utf8-zero-byte",
            "utf8-ff-alias-name",
            "utf16le",
            "utf16be",
            "utf16-bom",
            "dup-member",
            "dup-nested",
            "dup-in-states",
            "name-too-long",
            "name-unquoted",
            "no-key",
            "key-renamed",
            "number-too-long",
            "number-non-finite",
            "number-malformed",
            "seq-fraction",
            "seq-out-of-range",
            "step-negative",
            "deep-nesting",
            "x-too-many-features",
            "x-too-few-features",
            "states-huge",
            "key-not-string",
            "x-not-array",
            "x-element-not-number",
            "x-mixed-chunk",
            "x-empty",
            "end-not-boolean",
            "type-not-string",
            "type-unknown",
            "seq-not-integer",
            "ts-not-integer",
            "not-an-object",
            "trailing-content",
            "truncated-json",
            "no-x",
            "states-count",
            "states-h-size",
            "states-c-size",
            "states-no-h",
            "states-no-c",
            "states-extra-c",
            "states-missing",
            "states-not-array",
            "states-entry-not-object",
            "key-too-long",
            "key-lone-surrogate",
            "key-empty",
            "record-too-large");

    /** One generated record: its bytes and the reason it must be refused with (null: decoded as its twin). */
    record Case(byte[] bytes, String reason, boolean reasonIsPrefix) {}

    private final FuzzRecords gen;
    private final SplittableRandom r;

    BadRecords(FuzzRecords gen) {
        this.gen = gen;
        this.r = gen.random();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Case valid(String text) {
        return sized(bytes(text), null, false);
    }

    private Case refused(List<Member> members, String reason) {
        return sized(bytes(gen.write(members)), reason, false);
    }

    private Case refusedStartingWith(String text, String reason) {
        return sized(bytes(text), reason, true);
    }

    /** A record over the size limit is refused for that first, whatever else it holds. */
    private static Case sized(byte[] bytes, String reason, boolean prefix) {
        if (bytes.length > MAX_BYTES) {
            return new Case(bytes, "record is " + bytes.length + " bytes, over the limit of " + MAX_BYTES, false);
        }
        return new Case(bytes, reason, prefix);
    }

    /** The record of {@code kind} made from the draft, or null when the kind does not apply to it. */
    Case make(String kind, Draft d) {
        List<Member> ms = new ArrayList<>(d.members);
        InputRecord e = d.expected;
        boolean sample = e.kind() == InputRecord.Kind.SAMPLE;
        boolean setState = e.kind() == InputRecord.Kind.SET_STATE;
        switch (kind) {
            case "valid":
                return valid(gen.write(ms));
            case "valid-bom":
                return valid("\uFEFF" + gen.write(ms));
            case "valid-key-at-limit": {
                int[] key = keyOfBytes(MAX_KEY_BYTES - 6, MAX_KEY_BYTES);
                set(ms, "key", gen.string(key));
                d.expected = new InputRecord(
                        e.kind(),
                        FuzzRecords.text(key),
                        e.x(),
                        e.hasSeq(),
                        e.seq(),
                        e.end(),
                        e.hasTs(),
                        e.ts(),
                        e.states(),
                        e.step(),
                        0);
                d.members.clear();
                d.members.addAll(ms);
                return valid(gen.write(ms));
            }
            case "utf8-stray-continuation":
                return invalidUtf8(gen.write(ms), b(0x80 + r.nextInt(0x40)), false);
            case "utf8-bad-lead":
                return invalidUtf8(
                        gen.write(ms),
                        b(
                                List.of(0xc0, 0xc1, 0xf5, 0xf6, 0xf7, 0xf8, 0xfb, 0xfc, 0xfe, 0xff)
                                        .get(r.nextInt(10)),
                                cont()),
                        false);
            case "utf8-overlong-2":
                return invalidUtf8(gen.write(ms), b(0xc0 + r.nextInt(2), cont()), false);
            case "utf8-overlong-3":
                return invalidUtf8(gen.write(ms), b(0xe0, 0x80 + r.nextInt(0x20), cont()), false);
            case "utf8-overlong-4":
                return invalidUtf8(gen.write(ms), b(0xf0, 0x80 + r.nextInt(0x10), cont(), cont()), false);
            case "utf8-surrogate":
                return invalidUtf8(gen.write(ms), b(0xed, 0xa0 + r.nextInt(0x20), cont()), false);
            case "utf8-above-10ffff":
                return invalidUtf8(gen.write(ms), b(0xf4, 0x90 + r.nextInt(0x30), cont(), cont()), false);
            case "utf8-truncated":
                return invalidUtf8(gen.write(ms), truncatedSequence(), false);
            case "utf8-truncated-at-end":
                return invalidUtf8(gen.write(ms), truncatedSequence(), true);
            case "utf8-zero-byte":
                return invalidUtf8(gen.write(ms), b(0), false);
            case "utf8-ff-alias-name": {
                int at = d.indexOf(r.nextBoolean() && d.indexOf("x") >= 0 ? "x" : "key");
                Member m = ms.get(at);
                ms.set(
                        at,
                        new Member(
                                m.name(),
                                "\"" + FuzzRecords.PLACEHOLDER + m.nameJson().substring(1),
                                m.value()));
                return placeholderBecomes(gen.write(ms), b(0xff));
            }
            case "utf16le":
                return sized(gen.write(ms).getBytes(StandardCharsets.UTF_16LE), "not UTF-8 at byte 1 (00", true);
            case "utf16be":
                return sized(gen.write(ms).getBytes(StandardCharsets.UTF_16BE), "not UTF-8 at byte 0 (00", true);
            case "utf16-bom":
                return sized(gen.write(ms).getBytes(StandardCharsets.UTF_16), "not UTF-8 at byte 0 (FE", true);
            case "dup-member": {
                Member m = ms.get(r.nextInt(ms.size()));
                ms.add(
                        r.nextInt(ms.indexOf(m) + 1, ms.size() + 1),
                        new Member(m.name(), gen.nameJson(m.name()), m.value()));
                return refused(ms, "member '" + cut(m.name()) + "' appears twice");
            }
            case "dup-nested": {
                String name = FuzzRecords.text(gen.keyCodePoints(1 + r.nextInt(5)));
                ms.add(
                        r.nextInt(ms.size() + 1),
                        new Member(
                                "\u0000nested",
                                gen.nameJson("\u0000nested"),
                                "{" + gen.nameJson(name) + ":1,\"other\":2," + gen.nameJson(name) + ":" + gen.value(1)
                                        + "}"));
                return name.equals("other") ? null : refused(ms, "member '" + name + "' appears twice");
            }
            case "dup-in-states":
                if (!setState) {
                    return null;
                }
                set(ms, "states", "[{\"h\":[1,2],\"c\":[3,4],\"h\":[1,2]},{\"h\":[5]}]");
                return refused(ms, "member 'h' appears twice");
            case "name-too-long": {
                String name = "n".repeat(50_001 + r.nextInt(100));
                ms.add(r.nextInt(ms.size() + 1), new Member(name, "\"" + name + "\"", gen.value(2)));
                return refused(ms, "a member name over 50000 characters long");
            }
            case "name-unquoted": {
                Member m = ms.get(r.nextInt(ms.size()));
                if (!m.name().matches("[a-z]+")) {
                    return null;
                }
                ms.set(
                        ms.indexOf(m),
                        new Member(m.name(), r.nextBoolean() ? m.name() : "'" + m.name() + "'", m.value()));
                return refusedStartingWith(gen.write(ms), "not JSON");
            }
            case "no-key":
                ms.remove(d.indexOf("key"));
                return refused(ms, "no key");
            case "key-renamed": {
                String name = List.of("Key", "KEY", "key ", " key", "keys", "k\u0065y\u0000")
                        .get(r.nextInt(6));
                if (d.indexOf(name) >= 0) {
                    return null;
                }
                Member m = d.member("key");
                ms.set(d.indexOf("key"), new Member(name, gen.nameJson(name), m.value()));
                return refused(ms, "no key");
            }
            case "number-too-long": {
                String digits = (r.nextBoolean() ? "-" : "")
                        + (r.nextBoolean()
                                ? "1" + digits(1000 + r.nextInt(300))
                                : "0." + digits(1001 + r.nextInt(300)));
                if (!sample || !replaceInX(ms, digits)) {
                    ms.add(r.nextInt(ms.size() + 1), gen.member("\u0000long", digits));
                }
                return refused(ms, "a number over 1000 characters long");
            }
            case "number-non-finite": {
                String v = List.of(
                                "1e400",
                                "-1e400",
                                "3.5e38",
                                "-1e39",
                                "1e309",
                                "340282356779733661637539395458142568448")
                        .get(r.nextInt(6)); // float32's max + ulp/2
                if (sample) {
                    return refused(withBadX(ms, v), where + " is not a finite float32 number: " + v);
                }
                if (!setState) {
                    return null;
                }
                int j = r.nextInt(2);
                set(
                        ms,
                        "states",
                        "[{\"h\":" + (j == 0 ? "[" + v + ",1]" : "[1," + v + "]") + ",\"c\":[1,2]},{\"h\":[3]}]");
                return refused(ms, "states[0].h[" + j + "] is not a finite float32 number: " + v);
            }
            case "number-malformed": {
                String v = List.of(
                                "01",
                                "1.",
                                ".5",
                                "+1",
                                "NaN",
                                "Infinity",
                                "-Infinity",
                                "-",
                                "1e",
                                "0x1F",
                                "1e+",
                                "--1",
                                "1.2.3",
                                "1,,2")
                        .get(r.nextInt(14));
                if (!sample || !replaceInX(ms, v)) {
                    ms.add(r.nextInt(ms.size() + 1), gen.member("\u0000bad", v));
                }
                return refusedStartingWith(gen.write(ms), "not JSON");
            }
            case "seq-fraction":
                put(ms, "seq", List.of("1.5", "1e3", "1.0", "-0.0", "2E2").get(r.nextInt(5)));
                return refused(ms, "seq must be an integer");
            case "seq-out-of-range": {
                String v = List.of("9223372036854775808", "-9223372036854775809", "1" + digits(25))
                        .get(r.nextInt(3));
                put(ms, "seq", v);
                return refused(ms, "seq is out of range: " + v);
            }
            case "step-negative":
                if (!setState) {
                    return null;
                }
                put(ms, "step", Long.toString(-1 - r.nextInt(1000)));
                return refused(ms, "step must not be negative");
            case "deep-nesting":
                ms.add(r.nextInt(ms.size() + 1), gen.member("\u0000deep", gen.deep(16 + r.nextInt(25))));
                return refused(ms, "nested too deeply (more than 16 levels)");
            case "x-too-many-features":
            case "x-too-few-features": {
                if (!sample) {
                    return null;
                }
                int n = !kind.equals("x-too-many-features")
                        ? r.nextInt(FuzzRecords.INPUTS)
                        : FuzzRecords.INPUTS + 1 + r.nextInt(r.nextBoolean() ? 5 : 3_000);
                boolean flat = n > 0 && r.nextBoolean();
                int steps = flat ? 1 : 1 + r.nextInt(3);
                int bad = r.nextInt(steps);
                StringBuilder x = new StringBuilder(flat ? "" : "[");
                for (int t = 0; t < steps; t++) {
                    x.append(t == 0 ? "" : ",").append(numbers(t == bad ? n : FuzzRecords.INPUTS));
                }
                set(ms, "x", x.append(flat ? "" : "]").toString());
                String where = flat ? "x" : "x[" + bad + "]";
                return refused(
                        ms,
                        where + " has " + n + " feature" + (n == 1 ? "" : "s") + ", the model expects "
                                + FuzzRecords.INPUTS);
            }
            case "states-huge":
            case "states-h-size":
            case "states-c-size": {
                if (!setState) {
                    return null;
                }
                boolean c = kind.equals("states-c-size");
                int entry = c ? 0 : r.nextInt(2);
                int size = FuzzRecords.LAYOUT.entries().get(entry).size();
                int n = kind.equals("states-huge") ? size + 1 + r.nextInt(3_000) : (size + 1 + r.nextInt(4)) % 5;
                String bad = numbers(n);
                String lstm = entry != 0
                        ? "{\"h\":[1,2],\"c\":[3,4]}"
                        : c ? "{\"h\":[1,2],\"c\":" + bad + "}" : "{\"c\":[1,2],\"h\":" + bad + "}";
                set(ms, "states", "[" + lstm + "," + (entry == 1 ? "{\"h\":" + bad + "}" : "{\"h\":[5]}") + "]");
                return refused(
                        ms,
                        "states[" + entry + "]." + (c ? "c" : "h") + " has " + n + " values, " + layer(entry)
                                + " needs " + size);
            }
            case "key-not-string":
                set(
                        ms,
                        "key",
                        List.of("1", "true", "null", "[\"a\"]", "{\"k\":\"a\"}", "1.5")
                                .get(r.nextInt(6)));
                return refused(ms, "key must be a string");
            case "x-not-array":
                if (!sample) {
                    return null;
                }
                set(
                        ms,
                        "x",
                        List.of("\"abc\"", "1", "true", "null", "{}", "{\"a\":[1,2,3,4]}")
                                .get(r.nextInt(6)));
                return refused(ms, "x must be an array of numbers or an array of arrays");
            case "x-element-not-number": {
                if (!sample) {
                    return null;
                }
                String v = List.of("\"1\"", "true", "null", "{}", "{\"a\":1}").get(r.nextInt(5));
                return refused(withBadX(ms, v), where + " is not a number");
            }
            case "x-mixed-chunk": {
                if (!sample) {
                    return null;
                }
                int steps = 2 + r.nextInt(3);
                int bad = 1 + r.nextInt(steps - 1);
                StringBuilder x = new StringBuilder("[");
                for (int t = 0; t < steps; t++) {
                    x.append(t == 0 ? "" : ",")
                            .append(
                                    t != bad
                                            ? numbers(FuzzRecords.INPUTS)
                                            : List.of("1", "\"a\"", "{}", "null")
                                                    .get(r.nextInt(4)));
                }
                set(ms, "x", x.append(']').toString());
                return refused(ms, "x[" + bad + "] is not an array: all timesteps must be arrays");
            }
            case "x-empty":
                if (!sample) {
                    return null;
                }
                set(ms, "x", "[]");
                return refused(ms, "x is empty");
            case "end-not-boolean":
                put(ms, "end", List.of("\"yes\"", "1", "null", "[]", "0").get(r.nextInt(5)));
                return refused(ms, "end must be true or false");
            case "type-not-string":
                put(
                        ms,
                        "type",
                        List.of("1", "true", "null", "[\"reset\"]", "{}").get(r.nextInt(5)));
                return refused(ms, "type must be a string");
            case "type-unknown": {
                String t = List.of("Reset", "samples", "get_state", "setstate", "", "explode")
                        .get(r.nextInt(6));
                put(ms, "type", "\"" + t + "\"");
                return refused(ms, "unknown type '" + t + "': expected sample, reset, get-state or set-state");
            }
            case "seq-not-integer":
            case "ts-not-integer": {
                String field = kind.substring(0, kind.indexOf('-'));
                put(ms, field, List.of("\"12\"", "true", "null", "[1]", "{}").get(r.nextInt(5)));
                return refused(ms, field + " must be an integer");
            }
            case "not-an-object": {
                String v = List.of("[1,2,3]", "\"key\"", "42", "true", "null", "[" + gen.write(ms) + "]")
                        .get(r.nextInt(6));
                return sized(bytes(v), "not a JSON object", false);
            }
            case "trailing-content":
                return refusedStartingWith(
                        gen.write(ms)
                                + List.of(" {}", " 1", ",", "}", "{\"key\":\"a\"}", "x")
                                        .get(r.nextInt(6)),
                        "not JSON");
            case "truncated-json": {
                String text = gen.write(ms);
                int from = text.indexOf('{') + 1;
                int cut = from + r.nextInt(text.lastIndexOf('}') - from);
                if (Character.isLowSurrogate(text.charAt(cut))) {
                    cut--;
                }
                return refusedStartingWith(text.substring(0, cut), "not JSON");
            }
            case "no-x":
                if (!sample) {
                    return null;
                }
                ms.remove(d.indexOf("x"));
                return refused(ms, "no x: a sample needs x (or type reset)");
            case "states-count": {
                if (!setState) {
                    return null;
                }
                int n = List.of(0, 1, 3).get(r.nextInt(3));
                List<String> entries =
                        new ArrayList<>(List.of("{\"h\":[1,2],\"c\":[3,4]}", "{\"h\":[5]}", "{\"h\":[6]}")
                                .subList(0, n));
                set(ms, "states", "[" + String.join(",", entries) + "]");
                return refused(
                        ms,
                        "states has " + n + " entr" + (n == 1 ? "y" : "ies")
                                + ", the model has 2 stateful layers [lstm, gru]");
            }
            case "states-no-h": {
                if (!setState) {
                    return null;
                }
                int entry = r.nextInt(2);
                set(ms, "states", entry == 0 ? "[{\"c\":[1,2]},{\"h\":[5]}]" : "[{\"h\":[1,2],\"c\":[3,4]},{}]");
                return refused(ms, "states[" + entry + "] has no h, for " + layer(entry));
            }
            case "states-no-c":
                if (!setState) {
                    return null;
                }
                set(ms, "states", "[{\"h\":[1,2],\"layer\":\"lstm\"},{\"h\":[5]}]");
                return refused(ms, "states[0] has no c, which " + layer(0) + " needs");
            case "states-extra-c":
                if (!setState) {
                    return null;
                }
                set(ms, "states", "[{\"h\":[1,2],\"c\":[3,4]},{\"h\":[5],\"c\":[6]}]");
                return refused(ms, "states[1] has a c, but " + layer(1) + " keeps only h");
            case "states-missing":
                if (!setState) {
                    return null;
                }
                ms.remove(d.indexOf("states"));
                return refused(ms, "no states: a set-state record needs states");
            case "states-not-array":
                if (!setState) {
                    return null;
                }
                set(ms, "states", List.of("{}", "1", "\"s\"", "null", "true").get(r.nextInt(5)));
                return refused(ms, "states must be an array with one object per stateful layer");
            case "states-entry-not-object": {
                if (!setState) {
                    return null;
                }
                int entry = r.nextInt(2);
                String v = List.of("1", "[]", "\"h\"", "null").get(r.nextInt(4));
                set(ms, "states", entry == 0 ? "[" + v + ",{\"h\":[5]}]" : "[{\"h\":[1,2],\"c\":[3,4]}," + v + "]");
                return refused(
                        ms,
                        "states[" + entry + "] must be an object with h (and c for an LSTM layer), "
                                + "or inputs for a convolution");
            }
            case "key-too-long": {
                int[] key = keyOfBytes(MAX_KEY_BYTES + 1, MAX_KEY_BYTES + 40);
                set(ms, "key", gen.string(key));
                return refused(
                        ms,
                        "key is " + FuzzRecords.utf8Length(key) + " bytes in UTF-8, over the limit of " + MAX_KEY_BYTES
                                + " (max-key-bytes)");
            }
            case "key-lone-surrogate": {
                int[] key = d.keyCodePoints;
                int at = r.nextInt(key.length + 1);
                char half = (char) (0xd800 + r.nextInt(0x800));
                String before = FuzzRecords.text(Arrays.copyOf(key, at));
                String head = gen.string(Arrays.copyOf(key, at));
                set(
                        ms,
                        "key",
                        head.substring(0, head.length() - 1)
                                + String.format("\\u%04x", (int) half)
                                + gen.string(Arrays.copyOfRange(key, at, key.length))
                                        .substring(1));
                return refused(
                        ms,
                        String.format(
                                "key is not Unicode text: \\u%04x at character %d is half a " + "surrogate pair",
                                (int) half, before.length()));
            }
            case "key-empty":
                set(ms, "key", "\"\"");
                return refused(ms, "empty key");
            case "record-too-large": {
                String text = gen.write(ms);
                ms.add(gen.member(
                        "\u0000pad", "\"" + "p".repeat(MAX_BYTES - bytes(text).length + r.nextInt(100)) + "\""));
                return refused(ms, null);
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    /** Where {@link #withBadX} put its value, as the decoder names it. */
    private String where;

    /** x of the model's width, flat or in timesteps, with {@code value} as one of its numbers. */
    private List<Member> withBadX(List<Member> ms, String value) {
        boolean flat = r.nextBoolean();
        int steps = flat ? 1 : 1 + r.nextInt(3);
        int badStep = r.nextInt(steps);
        int badIndex = r.nextInt(FuzzRecords.INPUTS);
        StringBuilder x = new StringBuilder(flat ? "" : "[");
        for (int t = 0; t < steps; t++) {
            x.append(t == 0 ? "[" : ",[");
            for (int i = 0; i < FuzzRecords.INPUTS; i++) {
                x.append(i == 0 ? "" : ",").append(t == badStep && i == badIndex ? value : gen.number(gen.value()));
            }
            x.append(']');
        }
        set(ms, "x", x.append(flat ? "" : "]").toString());
        where = (flat ? "x" : "x[" + badStep + "]") + "[" + badIndex + "]";
        return ms;
    }

    /** Puts {@code value} as one of x's numbers; false when x is not there. */
    private boolean replaceInX(List<Member> ms, String value) {
        if (ms.stream().noneMatch(m -> m.name().equals("x"))) {
            return false;
        }
        withBadX(ms, value);
        return true;
    }

    /** n numbers; a long array has small integers, so that it stays within the size limit. */
    private String numbers(int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(n <= 16 ? gen.number(gen.value()) : Integer.toString(r.nextInt(10)));
        }
        return s.append(']').toString();
    }

    private static String layer(int entry) {
        return entry == 0 ? "layer lstm (LSTM, 2 units)" : "layer gru (GRU, 1 units)";
    }

    private static String cut(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "..." : name;
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + r.nextInt(10)));
        }
        return s.toString();
    }

    /** Code points whose UTF-8 takes from {@code min} to {@code max} bytes. */
    private int[] keyOfBytes(int min, int max) {
        while (true) {
            List<Integer> cps = new ArrayList<>();
            int bytes = 0;
            while (bytes < min) {
                int c = gen.keyCodePoints(1)[0];
                cps.add(c);
                bytes += FuzzRecords.utf8Length(new int[] {c});
            }
            if (bytes <= max) {
                return cps.stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    private static void set(List<Member> ms, String name, String value) {
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).name().equals(name)) {
                ms.set(i, new Member(name, ms.get(i).nameJson(), value));
                return;
            }
        }
        throw new IllegalStateException("no member " + name);
    }

    /** Sets the member, adding it where it was not. */
    private void put(List<Member> ms, String name, String value) {
        if (ms.stream().anyMatch(m -> m.name().equals(name))) {
            set(ms, name, value);
        } else {
            ms.add(r.nextInt(ms.size() + 1), gen.member(name, value));
        }
    }

    private int cont() {
        return 0x80 + r.nextInt(0x40);
    }

    private static byte[] b(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** The start of a 2-, 3- or 4-byte sequence without its last continuation byte. */
    private byte[] truncatedSequence() {
        return switch (r.nextInt(3)) {
            case 0 -> b(0xc2 + r.nextInt(0x1e));
            case 1 -> r.nextBoolean() ? b(0xe2) : b(0xe2, 0x82);
            default -> r.nextBoolean() ? b(0xf0, 0x9f) : b(0xf0, 0x9f, 0x98);
        };
    }

    /** The text with {@code bad} at a random character boundary (or at its end): refused at that byte. */
    private Case invalidUtf8(String text, byte[] bad, boolean atEnd) {
        int at = atEnd ? text.length() : r.nextInt(text.length() + 1);
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--;
        }
        return placeholderBecomes(text.substring(0, at) + FuzzRecords.PLACEHOLDER + text.substring(at), bad);
    }

    private static Case placeholderBecomes(String text, byte[] bad) {
        byte[] encoded = bytes(text);
        byte[] mark = bytes(String.valueOf(FuzzRecords.PLACEHOLDER));
        int at = 0;
        while (!Arrays.equals(encoded, at, at + mark.length, mark, 0, mark.length)) {
            at++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(encoded, 0, at);
        out.write(bad, 0, bad.length);
        out.write(encoded, at + mark.length, encoded.length - at - mark.length);
        return sized(out.toByteArray(), "not UTF-8 at byte " + at + " (" + String.format("%02X", bad[0] & 0xff), true);
    }
}
