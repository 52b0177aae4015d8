// Trains the example model: an LSTM that outputs, at every step, how many 1s it has been fed so far.
//
//   cd example && npm ci && node train.js
//
// Input(None, 1) -> LSTM(16, return_sequences) -> Dense(1), trained with TensorFlow.js on the pure JavaScript CPU
// backend. Everything random is seeded (data and initial weights) and the CPU backend is single-threaded, so a
// rerun writes the same files byte for byte. It writes, beside this script:
//   running-count/model.json + group1-shard1of1.bin   TensorFlow.js Layers format
//   running-count.keras                               Keras 3 native format
//   running-count.h5                                  legacy Keras HDF5 (as tf.keras 2.15 writes it)
// train_keras.py is the same recipe in Python for users who have TensorFlow.

import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { makeBatch, mulberry32, runningCount } from "./data.js";
import { writeKerasFiles } from "./keras-files.js";
import { saveLayersModel } from "./tfjs-files.js";

const SEED = 2024;
const UNITS = 16;
const BATCH_SIZE = 32;
const MIN_LENGTH = 20;
const MAX_LENGTH = 30;
const BATCHES = 6000;
// Adam, its learning rate decaying exponentially from 0.005 to 0.0005 over the training (Keras's
// ExponentialDecay(0.005, BATCHES, 0.1)), the gradients clipped to a global norm of 1 (Keras's global_clipnorm):
// LSTM gradients spike now and then, and an unclipped spike undoes much of the training.
const LEARNING_RATE = 0.005;
const LEARNING_RATE_DECAY = 0.1;
const CLIP_NORM = 1;
// The network learns count / 10, which keeps the loss and the gradients near 1 whatever the count; the factor is
// folded into the Dense layer afterwards, so the saved model outputs the count itself.
const TARGET_SCALE = 10;
// What train.js demands of the result, on fresh sequences of MAX_LENGTH steps: every output whose true count is
// at most CHECKED_COUNT is within TOLERANCE of it.
const CHECKED_COUNT = 15;
const TOLERANCE = 0.3;
// The save time recorded in the Keras files; fixed so that retraining reproduces them byte for byte.
const SAVED_AT = new Date(Date.UTC(2026, 0, 1));

const here = path.dirname(fileURLToPath(import.meta.url));

function buildModel() {
  const model = tf.sequential({ name: "sequential" });
  model.add(
    tf.layers.lstm({
      name: "lstm",
      units: UNITS,
      returnSequences: true,
      batchInputShape: [null, null, 1],
      // Keras's defaults, which tfjs's differ from (hard_sigmoid, false): the Keras files say so too.
      recurrentActivation: "sigmoid",
      unitForgetBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: SEED }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: SEED + 1 }),
    }),
  );
  model.add(tf.layers.dense({ name: "dense", units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + 2 }) }));
  return model;
}

function train(model) {
  const optimizer = tf.train.adam(LEARNING_RATE);
  const rand = mulberry32(SEED);
  for (let batch = 0; batch < BATCHES; batch++) {
    optimizer.learningRate = LEARNING_RATE * LEARNING_RATE_DECAY ** (batch / BATCHES);
    const length = MIN_LENGTH + Math.floor(rand() * (MAX_LENGTH - MIN_LENGTH + 1));
    const { xs, ys } = makeBatch(rand, BATCH_SIZE, length);
    const loss = tf.tidy(() => {
      const x = tf.tensor3d(xs, [BATCH_SIZE, length, 1]);
      const y = tf.tensor3d(ys, [BATCH_SIZE, length, 1]).div(TARGET_SCALE);
      return trainStep(model, optimizer, x, y);
    });
    if (batch % 500 === 0) console.log(`batch ${batch}: loss ${(loss * TARGET_SCALE ** 2).toFixed(4)}`);
  }
  const dense = model.getLayer("dense");
  dense.setWeights(tf.tidy(() => dense.getWeights().map((w) => w.mul(TARGET_SCALE))));
}

/** One Adam step on mean squared error, the gradients scaled to a global norm of at most CLIP_NORM first. */
function trainStep(model, optimizer, x, y) {
  const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true })));
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((name) => tf.sum(tf.square(grads[name]))))).dataSync()[0];
  const scale = CLIP_NORM / Math.max(norm, CLIP_NORM);
  optimizer.applyGradients(Object.fromEntries(names.map((name) => [name, grads[name].mul(scale)])));
  return value.dataSync()[0];
}

/**
 * The largest error among outputs whose true count is at most CHECKED_COUNT, over fresh random sequences (a
 * seed the training never used) and a few telling patterns, all MAX_LENGTH steps long.
 */
function evaluate(model) {
  const random = makeBatch(mulberry32(SEED + 1000), 500, MAX_LENGTH).xs;
  const half = MAX_LENGTH / 2;
  const patterns = {
    "all 1s": Array.from({ length: MAX_LENGTH }, () => 1),
    [`${half} 1s then ${half} 0s`]: Array.from({ length: MAX_LENGTH }, (_, t) => (t < half ? 1 : 0)),
    "1, 0, 1, 0, ...": Array.from({ length: MAX_LENGTH }, (_, t) => (t % 2 === 0 ? 1 : 0)),
  };
  const sequences = [...Object.values(patterns), ...chunk(Array.from(random), MAX_LENGTH)];
  const predicted = tf.tidy(() =>
    model.predict(tf.tensor3d(sequences.flat(), [sequences.length, MAX_LENGTH, 1])).arraySync(),
  );
  let worstChecked = 0;
  let worstAll = 0;
  sequences.forEach((bits, s) => {
    runningCount(bits).forEach((count, t) => {
      const error = Math.abs(predicted[s][t][0] - count);
      worstAll = Math.max(worstAll, error);
      if (count <= CHECKED_COUNT) worstChecked = Math.max(worstChecked, error);
    });
  });
  Object.keys(patterns).forEach((name, s) =>
    console.log(`${name}: ${predicted[s].map(([y]) => y.toFixed(2)).join(" ")}`),
  );
  console.log(`largest error over ${sequences.length} sequences of ${MAX_LENGTH} steps: ${worstChecked.toFixed(3)} ` +
    `where the count is at most ${CHECKED_COUNT}, ${worstAll.toFixed(3)} overall`);
  return worstChecked;
}

function chunk(values, size) {
  return Array.from({ length: values.length / size }, (_, i) => values.slice(i * size, (i + 1) * size));
}

function weightsOf(model) {
  const tensor = (t) => ({ data: t.dataSync(), shape: t.shape });
  const [lstmKernel, lstmRecurrentKernel, lstmBias] = model.getLayer("lstm").getWeights().map(tensor);
  const [denseKernel, denseBias] = model.getLayer("dense").getWeights().map(tensor);
  return { lstmKernel, lstmRecurrentKernel, lstmBias, denseKernel, denseBias };
}

async function main() {
  await tf.setBackend("cpu");
  const started = Date.now();
  const model = buildModel();
  train(model);
  console.log(`trained in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const worst = evaluate(model);

  await saveLayersModel(model, path.join(here, "running-count"));
  await writeKerasFiles(
    { units: UNITS, inputDim: 1, weights: weightsOf(model) },
    path.join(here, "running-count.keras"),
    path.join(here, "running-count.h5"),
    SAVED_AT,
  );
  console.log("wrote running-count/model.json, running-count.keras, running-count.h5");
  if (worst > TOLERANCE) {
    console.error(`FAILED: an error of ${worst.toFixed(3)} exceeds ${TOLERANCE} for a count of at most ${CHECKED_COUNT}`);
    process.exitCode = 1;
  }
}

await main();
