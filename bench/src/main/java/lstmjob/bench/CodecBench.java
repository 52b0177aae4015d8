package lstmjob.bench;

import java.time.Duration;
import java.util.Random;
import lstmjob.codec.BadRecordException;
import lstmjob.codec.InputDecoder;
import lstmjob.codec.InputRecord;
import lstmjob.codec.OutputEncoder;
import lstmjob.codec.Prediction;
import lstmjob.model.Model;

/**
 * The job's JSON codec alone on this thread: the decoder reading the bench's samples (the same bytes the operator
 * and end-to-end rows send), and the encoder writing a prediction of the model's output size. Interleaved rounds
 * after a warm-up; the best round counts, as for the kernel.
 */
final class CodecBench {

    /** Distinct samples and predictions cycled over, enough to leave the caches as a stream of keys does. */
    private static final int RECORDS = 4096;

    private static final int ROUNDS = 6;

    /** What the timed loops computed, kept so that the JIT cannot drop the work. */
    private static volatile long kept;

    /** @param decodeNanos per sample decoded; @param encodeNanos per prediction encoded */
    record Result(double decodeNanos, double encodeNanos) {}

    private CodecBench() {}

    static Result run(Model model, Duration seconds) throws BadRecordException {
        SampleRecords samples = new SampleRecords(RECORDS, model.inputSize(), 11);
        byte[][] in = new byte[RECORDS][];
        for (int k = 0; k < RECORDS; k++) {
            in[k] = samples.withSeq(k, 1_000_000L + k, 1_780_000_000_000L + k);
        }
        InputDecoder decoder = new InputDecoder(
                model.inputs(),
                InputDecoder.DEFAULT_MAX_BYTES,
                InputDecoder.DEFAULT_MAX_KEY_BYTES,
                model.stateLayout());
        OutputEncoder encoder = new OutputEncoder(model.outputs());
        Prediction[] out = predictions(model.outputSize(), RECORDS);

        long roundNanos = Math.max(50_000_000L, seconds.toNanos() / ROUNDS);
        timeDecode(decoder, in, roundNanos); // warm-up
        timeEncode(encoder, out, roundNanos);
        double decode = Double.MAX_VALUE;
        double encode = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            decode = Math.min(decode, timeDecode(decoder, in, roundNanos));
            encode = Math.min(encode, timeEncode(encoder, out, roundNanos));
        }
        return new Result(decode, encode);
    }

    /** Predictions as the model makes them: arbitrary floats, which take the most digits to write. */
    private static Prediction[] predictions(int size, int n) {
        Random rnd = new Random(13);
        Prediction[] p = new Prediction[n];
        for (int i = 0; i < n; i++) {
            float[] y = new float[size];
            for (int j = 0; j < size; j++) {
                y[j] = rnd.nextFloat() * 2 - 1;
            }
            p[i] = new Prediction(SampleRecords.key(i), true, 1_000_000L + i, 17, y, true, 1_780_000_000_000L + i);
        }
        return p;
    }

    /** Nanoseconds per record over about {@code roundNanos}. */
    private static double timeDecode(InputDecoder decoder, byte[][] in, long roundNanos) throws BadRecordException {
        long sink = 0;
        long n = 0;
        long start = System.nanoTime();
        long end = start + roundNanos;
        long now;
        do {
            for (byte[] b : in) {
                InputRecord r = decoder.decode(b);
                sink += r.seq();
            }
            n += in.length;
        } while ((now = System.nanoTime()) < end);
        kept += sink;
        return (now - start) / (double) n;
    }

    private static double timeEncode(OutputEncoder encoder, Prediction[] out, long roundNanos) {
        long sink = 0;
        long n = 0;
        long start = System.nanoTime();
        long end = start + roundNanos;
        long now;
        do {
            for (Prediction p : out) {
                sink += encoder.encode(p).length;
            }
            n += out.length;
        } while ((now = System.nanoTime()) < end);
        kept += sink;
        return (now - start) / (double) n;
    }
}
