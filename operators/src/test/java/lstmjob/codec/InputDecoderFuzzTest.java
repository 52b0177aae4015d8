package lstmjob.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import lstmjob.codec.BadRecords.Case;
import lstmjob.codec.FuzzRecords.Draft;
import org.junit.jupiter.api.Test;

/**
 * Property: every record is either decoded exactly as its clean twin, or refused with the reason its class of
 * bad input calls for. Valid records ({@link FuzzRecords}) are mixed with every class of bad input made from
 * them: invalid UTF-8 of each kind and UTF-16, bad and duplicate names, bad and over-long numbers, deep nesting,
 * huge arrays, wrong types, set-state records of wrong sizes, bad keys, records over the size limit. After each
 * refused record its clean twin is decoded again, so a bad record leaves nothing behind in the decoder.
 * The seed is printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.records=N} sets its length.
 */
class InputDecoderFuzzTest {

    private final long seed = Long.getLong("fuzz.seed", new SplittableRandom().nextLong());
    private final SplittableRandom r = new SplittableRandom(seed);
    private final FuzzRecords gen = new FuzzRecords(r);
    private final BadRecords bad = new BadRecords(gen);

    @Test
    void everyRecordDecodesAsItsCleanTwinOrIsRefusedWithTheRightReason() {
        System.out.println("InputDecoderFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        int records = Integer.getInteger("fuzz.records", 100_000);
        InputDecoder decoder = new InputDecoder(
                FuzzRecords.INPUTS, BadRecords.MAX_BYTES, BadRecords.MAX_KEY_BYTES, FuzzRecords.LAYOUT);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < records; i++) {
            Draft d = next();
            String kind;
            Case c;
            do {
                kind = r.nextInt(10) < 4
                        ? BadRecords.VALID.get(r.nextInt(BadRecords.VALID.size()))
                        : BadRecords.BAD.get(r.nextInt(BadRecords.BAD.size()));
                c = bad.make(kind, d);
            } while (c == null);
            counts.merge(kind, 1, Integer::sum);
            String problem = check(decoder, c, d.expected);
            if (problem == null && c.reason() != null) {
                problem = check(decoder, new Case(BadRecords.bytes(gen.write(d.members)), null, false), d.expected);
                problem = problem == null ? null : "its clean twin, decoded after it: " + problem;
            }
            if (problem != null) {
                failed++;
                if (failures.size() < 5) {
                    failures.add("record " + i + " (" + kind + ") " + show(c.bytes()) + ": " + problem);
                }
            }
        }
        System.out.println("InputDecoderFuzzTest: " + records + " records by class " + counts);
        assertEquals(List.of(), failures, failed + " of " + records + " records went wrong, seed " + seed);
        assertTrue(
                counts.keySet().containsAll(BadRecords.BAD) && counts.keySet().containsAll(BadRecords.VALID),
                "every class was generated: " + counts.keySet());
    }

    /** A valid record well within the size limit, so that what is made of it can be larger. */
    private Draft next() {
        while (true) {
            Draft d = gen.next();
            if (BadRecords.bytes(gen.write(d.members)).length < BadRecords.MAX_BYTES / 2) {
                return d;
            }
        }
    }

    private static String check(InputDecoder decoder, Case c, InputRecord expected) {
        InputRecord got;
        try {
            got = decoder.decode(c.bytes());
        } catch (BadRecordException e) {
            if (c.reason() == null) {
                return "refused (" + e.getMessage() + "), expected " + expected;
            }
            boolean right = c.reasonIsPrefix()
                    ? e.getMessage().startsWith(c.reason())
                    : e.getMessage().equals(c.reason());
            return right
                    ? null
                    : "reason '" + e.getMessage() + "', expected '" + c.reason() + "'"
                            + (c.reasonIsPrefix() ? "..." : "");
        }
        if (c.reason() != null) {
            return "decoded as " + got + ", expected the reason '" + c.reason() + "'";
        }
        boolean same = got.kind() == expected.kind()
                && got.key().equals(expected.key())
                && Arrays.deepEquals(got.x(), expected.x())
                && got.hasSeq() == expected.hasSeq()
                && got.seq() == expected.seq()
                && got.end() == expected.end()
                && got.hasTs() == expected.hasTs()
                && got.ts() == expected.ts()
                && Arrays.equals(got.states(), expected.states())
                && got.step() == expected.step();
        return same ? null : "decoded as " + describe(got) + ", expected " + describe(expected);
    }

    private static String describe(InputRecord s) {
        return s.kind() + " key=" + s.key() + " x=" + Arrays.deepToString(s.x()) + " seq=" + s.hasSeq() + "/"
                + s.seq() + " end=" + s.end() + " ts=" + s.hasTs() + "/" + s.ts() + " states="
                + Arrays.toString(s.states()) + " step=" + s.step();
    }

    private static String show(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 400); i++) {
            int v = b[i] & 0xff;
            s.append(v >= 0x20 && v < 0x7f ? String.valueOf((char) v) : String.format("\\x%02X", v));
        }
        return s + (b.length > 400 ? "... (" + b.length + " bytes)" : "");
    }
}
