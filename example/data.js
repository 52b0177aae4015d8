// The running-count task: one input per step, 0 or 1; the target at every step is the number of 1s so far.
// Data comes from a tiny seeded PRNG (mulberry32) rather than Math.random so that training is reproducible and
// train_keras.py can generate the very same batches.

/** mulberry32: a 32-bit seeded PRNG; returns a function giving uniform floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chance per step that the probability of a 1 changes. */
export const SWITCH = 0.05;

/**
 * One batch of `batchSize` sequences of `length` steps. The probability of a 1 is redrawn at the start and then
 * on average every 1 / SWITCH steps, so the sequences mix runs of mostly 1s and of mostly 0s: the model must
 * hold a large count through a long run of 0s as well as climb steadily. Returns flat float32 arrays shaped
 * [batch, length, 1].
 */
export function makeBatch(rand, batchSize, length) {
  const xs = new Float32Array(batchSize * length);
  const ys = new Float32Array(batchSize * length);
  for (let b = 0; b < batchSize; b++) {
    let p = rand();
    let count = 0;
    for (let t = 0; t < length; t++) {
      if (rand() < SWITCH) p = rand();
      const x = rand() < p ? 1 : 0;
      count += x;
      xs[b * length + t] = x;
      ys[b * length + t] = count;
    }
  }
  return { xs, ys };
}

/** Running count of a 0/1 sequence: the exact answer the model should approximate. */
export function runningCount(bits) {
  let count = 0;
  return bits.map((b) => (count += b));
}
