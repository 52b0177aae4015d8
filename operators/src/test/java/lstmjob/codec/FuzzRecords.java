package lstmjob.codec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import lstmjob.model.StateLayout;

/**
 * Generates valid input records from a seed, each with what the decoder must make of it (its clean twin's
 * {@link InputRecord}, worked out here from the generated values, never by the decoder): samples of one or
 * several timesteps, resets, get-state and set-state records, keys of every UTF-8 length with random escapes,
 * numbers written exactly in plain, integer and exponent forms, members in any order with ignored ones of any
 * JSON value around them.
 */
final class FuzzRecords {

    static final int INPUTS = 4;
    /** An LSTM of 2 units then a GRU of 1, as set-state records are checked against. */
    static final StateLayout LAYOUT = new StateLayout(
            List.of(new StateLayout.Entry("lstm", "LSTM", 2, 2, 0), new StateLayout.Entry("gru", "GRU", 1, 1, 4)));

    static final Set<String> CONTRACT = Set.of("key", "x", "seq", "ts", "end", "type", "states", "step");
    /** Never generated: the mutations put it where invalid bytes go. */
    static final char PLACEHOLDER = '\uE000';

    /** A member: its decoded name, and its name and value as JSON text. */
    record Member(String name, String nameJson, String value) {}

    /** A valid record as members, with the record the decoder must return for it. */
    static final class Draft {
        final List<Member> members = new ArrayList<>();
        InputRecord expected;
        int[] keyCodePoints;

        int indexOf(String name) {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).name().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        Member member(String name) {
            return members.get(indexOf(name));
        }
    }

    private final SplittableRandom r;

    FuzzRecords(SplittableRandom random) {
        this.r = random;
    }

    SplittableRandom random() {
        return r;
    }

    Draft next() {
        Draft d = new Draft();
        int kindDraw = r.nextInt(10);
        InputRecord.Kind kind = kindDraw < 7
                ? InputRecord.Kind.SAMPLE
                : kindDraw == 7
                        ? InputRecord.Kind.RESET
                        : kindDraw == 8 ? InputRecord.Kind.GET_STATE : InputRecord.Kind.SET_STATE;
        d.keyCodePoints = keyCodePoints(1 + r.nextInt(12));
        String key = text(d.keyCodePoints);
        d.members.add(member("key", string(d.keyCodePoints)));
        float[][] x = InputRecord.NO_STEPS;
        if (kind == InputRecord.Kind.SAMPLE || r.nextInt(5) == 0) {
            float[][] steps = new float
                    [r.nextInt(10) < 7 ? 1 : r.nextInt(100) == 0 ? 20 + r.nextInt(60) : 1 + r.nextInt(4)][INPUTS];
            boolean flat = steps.length == 1 && r.nextBoolean();
            StringBuilder s = new StringBuilder("[");
            for (int t = 0; t < steps.length; t++) {
                s.append(t == 0 ? "" : ",").append(flat ? "" : "[");
                for (int i = 0; i < INPUTS; i++) {
                    steps[t][i] = value();
                    s.append(i == 0 ? "" : ",").append(number(steps[t][i]));
                }
                s.append(flat ? "" : "]");
            }
            d.members.add(member("x", s.append(']').toString()));
            if (kind == InputRecord.Kind.SAMPLE) {
                x = steps;
            }
        }
        boolean hasSeq = r.nextBoolean();
        long seq = r.nextBoolean() ? r.nextLong() : r.nextInt(1_000_000);
        if (hasSeq) {
            d.members.add(member("seq", Long.toString(seq)));
        }
        boolean hasTs = r.nextBoolean();
        long ts = 1_700_000_000_000L + r.nextInt(1_000_000_000);
        if (hasTs) {
            d.members.add(member("ts", Long.toString(ts)));
        }
        boolean end = false;
        if (r.nextInt(3) == 0) {
            end = r.nextBoolean();
            d.members.add(member("end", Boolean.toString(end)));
        }
        String type = switch (kind) {
            case SAMPLE -> r.nextInt(3) == 0 ? "sample" : null;
            case RESET -> "reset";
            case GET_STATE -> "get-state";
            case SET_STATE -> "set-state";
        };
        if (type != null) {
            d.members.add(member("type", string(type.codePoints().toArray())));
        }
        float[] states = null;
        long step = 0;
        if (kind == InputRecord.Kind.SET_STATE) {
            states = new float[LAYOUT.floats()];
            d.members.add(member("states", states(states)));
            if (r.nextBoolean()) {
                step = r.nextInt(1000);
                d.members.add(member("step", Long.toString(step)));
            }
        }
        addIgnored(d.members, r.nextInt(4));
        shuffle(d.members);
        boolean sample = kind == InputRecord.Kind.SAMPLE;
        d.expected = new InputRecord(
                kind, key, x, hasSeq, hasSeq ? seq : 0, sample && end, hasTs, hasTs ? ts : 0, states, step, 0);
        return d;
    }

    /** states for {@link #LAYOUT}, filling {@code flat} with the values written, laid out as the key keeps them. */
    private String states(float[] flat) {
        List<String> entries = new ArrayList<>();
        for (StateLayout.Entry e : LAYOUT.entries()) {
            List<Member> ms = new ArrayList<>();
            for (int v = 0; v < e.vectors(); v++) {
                ms.add(member(v == 0 ? "h" : "c", vector(flat, e.offset() + v * e.size(), e.size())));
            }
            if (r.nextBoolean()) {
                ms.add(member("layer", string(e.layerName().codePoints().toArray())));
            }
            if (r.nextInt(4) == 0) {
                ms.add(member("note", value(2)));
            }
            shuffle(ms);
            entries.add(object(ms));
        }
        return "[" + String.join(",", entries) + "]";
    }

    String vector(float[] into, int from, int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            into[from + i] = value();
            s.append(i == 0 ? "" : ",").append(number(into[from + i]));
        }
        return s.append(']').toString();
    }

    /** Members the contract does not define, with names unlike any the decoder reads and any value. */
    void addIgnored(List<Member> members, int n) {
        Set<String> taken = new HashSet<>();
        members.forEach(m -> taken.add(m.name()));
        for (int i = 0; i < n; i++) {
            String name;
            do {
                name = r.nextInt(8) == 0 ? oddName() : text(keyCodePoints(1 + r.nextInt(8)));
            } while (CONTRACT.contains(name) || !taken.add(name));
            String value = switch (r.nextInt(200)) {
                case 0 -> deep(15 - 1); // the object is one level: 16 in all, the most allowed
                case 1 -> hugeArray(2_000 + r.nextInt(8_000));
                default -> value(0);
            };
            members.add(new Member(name, nameJson(name), value));
        }
    }

    /** Names close to the contract's that are other names: case, spaces, a NUL, a lone surrogate. */
    private String oddName() {
        String base = List.copyOf(CONTRACT).get(r.nextInt(CONTRACT.size()));
        return switch (r.nextInt(5)) {
            case 0 -> base.toUpperCase();
            case 1 -> base + " ";
            case 2 -> "\u0000" + base;
            case 3 -> "\ud800" + base;
            default -> base + "\u00ff";
        };
    }

    String deep(int levels) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            boolean array = r.nextBoolean();
            open.append(array ? "[" : "{\"a\":");
            close.insert(0, array ? "]" : "}");
        }
        return open + "1" + close;
    }

    String hugeArray(int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(r.nextInt(100));
        }
        return s.append(']').toString();
    }

    /** Any JSON value, nested a few levels at most. */
    String value(int depth) {
        switch (r.nextInt(depth >= 4 ? 4 : 6)) {
            case 0:
                return List.of("1e400", "-0", "0.5", "123456789012345678901234567890", "-3.25e-7", "1E+2")
                        .get(r.nextInt(6));
            case 1:
                return string(keyCodePoints(r.nextInt(10)));
            case 2:
                return List.of("true", "false", "null").get(r.nextInt(3));
            case 3:
                return "\"\"";
            case 4: {
                List<String> items = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    items.add(value(depth + 1));
                }
                return "[" + String.join(",", items) + "]";
            }
            default: {
                List<Member> ms = new ArrayList<>();
                addIgnoredFlat(ms, r.nextInt(4), depth + 1);
                return object(ms);
            }
        }
    }

    private void addIgnoredFlat(List<Member> ms, int n, int depth) {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = text(keyCodePoints(1 + r.nextInt(6)));
            if (taken.add(name)) {
                ms.add(new Member(name, nameJson(name), value(depth)));
            }
        }
    }

    String object(List<Member> ms) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < ms.size(); i++) {
            s.append(i == 0 ? "" : ",")
                    .append(ms.get(i).nameJson())
                    .append(':')
                    .append(ms.get(i).value());
        }
        return s.append('}').toString();
    }

    /** The record's text, with random JSON whitespace between tokens of the top level. */
    String write(List<Member> ms) {
        StringBuilder s = new StringBuilder(space()).append('{');
        for (int i = 0; i < ms.size(); i++) {
            s.append(i == 0 ? "" : ",")
                    .append(space())
                    .append(ms.get(i).nameJson())
                    .append(space())
                    .append(':')
                    .append(space())
                    .append(ms.get(i).value())
                    .append(space());
        }
        return s.append('}').append(space()).toString();
    }

    private String space() {
        return r.nextInt(6) != 0 ? "" : List.of(" ", "\t", "\r\n", "  ").get(r.nextInt(4));
    }

    Member member(String name, String value) {
        return new Member(name, nameJson(name), value);
    }

    String nameJson(String name) {
        return string(name.codePoints().toArray());
    }

    /** A JSON string of these code points, each written as itself or, at random, as a \\u escape. */
    String string(int[] codePoints) {
        StringBuilder s = new StringBuilder("\"");
        for (int c : codePoints) {
            if (c == '"' || c == '\\') {
                s.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || r.nextInt(8) == 0) {
                for (char ch : Character.toChars(c)) {
                    String hex = Integer.toHexString(0x10000 | ch).substring(1);
                    s.append("\\u").append(r.nextBoolean() ? hex : hex.toUpperCase());
                }
            } else if (c == '/' && r.nextBoolean()) {
                s.append("\\/");
            } else {
                s.appendCodePoint(c);
            }
        }
        return s.append('"').toString();
    }

    /** Code points of every UTF-8 length (1 to 4 bytes), with characters JSON must escape; no surrogates. */
    int[] keyCodePoints(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (r.nextInt(10)) {
                case 0 -> "\"\\/ \t\u0001".charAt(r.nextInt(6));
                case 1 -> 0x80 + r.nextInt(0x800 - 0x80);
                case 2 -> {
                    int c = 0x800 + r.nextInt(0x10000 - 0x800);
                    yield (c >= 0xd800 && c <= 0xdfff) || c == PLACEHOLDER ? 0xe9 : c;
                }
                case 3 -> 0x10000 + r.nextInt(0x110000 - 0x10000);
                default -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:".charAt(r.nextInt(66));
            };
        }
        return out;
    }

    static String text(int[] codePoints) {
        return new String(codePoints, 0, codePoints.length);
    }

    static int utf8Length(int[] codePoints) {
        int n = 0;
        for (int c : codePoints) {
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        }
        return n;
    }

    /** A finite float32 that is not -0: small integers, fractions, and any bit pattern. */
    float value() {
        while (true) {
            float f = switch (r.nextInt(8)) {
                case 0, 1 -> r.nextInt(-1000, 1001);
                case 2, 3, 4 -> (float) r.nextDouble(-1, 1);
                case 5, 6 -> (float) (r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-8, 9)));
                default -> Float.intBitsToFloat(r.nextInt()); // any exponent: exact decimals of up to ~150 digits
            };
            if (Float.isFinite(f) && Float.floatToIntBits(f) != Float.floatToIntBits(-0f)) {
                return f;
            }
        }
    }

    /**
     * The float as a decimal whose nearest double is the float itself, so that the decoder's rounding to float32
     * is exact: as an integer, the double's shortest form, or its whole exact value (plainly or with E).
     */
    String number(float f) {
        if (f == Math.rint(f) && Math.abs(f) < 1e7 && r.nextBoolean()) {
            return Long.toString((long) f);
        }
        String s;
        if (r.nextInt(16) != 0) {
            s = Double.toString(f);
        } else {
            BigDecimal exact = new BigDecimal(f);
            s = r.nextBoolean() ? exact.toPlainString() : exact.toString();
        }
        return r.nextBoolean() ? s.replace('E', 'e') : s;
    }

    <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
