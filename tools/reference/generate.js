// Builds small TensorFlow.js models with fixed random weights, saves each as a TF.js Layers model (model.json and
// its weights shard), writes a JSON Lines stream for it and the outputs TensorFlow.js computes for that stream:
// for each timestep, model.predict over the key's whole sequence since its last reset, at its last timestep (the
// contract's definition of a timestep's output). Models with a layer TensorFlow.js lacks (Normalization) are
// written here too, and their outputs computed by reference.py with numpy from the same files.
//
// Usage: node generate.js <output folder>   (the test resources: operators/src/test/resources/reference)
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const OUT = path.resolve(process.argv[2] || path.join(__dirname, '../../operators/src/test/resources/reference'));

/** mulberry32: a small seeded generator, so that every run writes the same files. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(random, n, lo, hi) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * random();
  return out;
}

/** Sets every weight from the seeded generator: PReLU alphas in [0, 0.5], everything else in [-0.7, 0.7]. */
function randomizeWeights(model, random) {
  const values = model.weights.map((w) => {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const alpha = w.name.endsWith('/alpha');
    return tf.tensor(uniform(random, n, alpha ? 0 : -0.7, alpha ? 0.5 : 0.7), w.shape);
  });
  model.setWeights(values);
}

/** Saves the model as model.json + group1-shard1of1.bin (what model.save('file://...') writes with tfjs-node). */
async function saveModel(model, dir) {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeArtifacts(dir, artifacts.modelTopology, artifacts.weightSpecs, Buffer.from(artifacts.weightData));
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
}

function writeArtifacts(dir, topology, weightSpecs, weightBytes) {
  fs.mkdirSync(dir, { recursive: true });
  const json = {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v' + tf.version_layers,
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weightSpecs }],
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'group1-shard1of1.bin'), weightBytes);
}

const round5 = (v) => Math.round(v * 1e5) / 1e5;

/**
 * A stream of single-timestep records for a few keys, interleaved, each key's sequence ended once by end:true
 * and continued after: {records, sequences} where sequences[i] lists the key's timesteps since its last reset
 * up to record i.
 */
function makeStream(random, features, keys, stepsPerKey, maskedShare = 0) {
  const records = [];
  const order = [];
  for (let k = 0; k < keys; k++) for (let s = 0; s < stepsPerKey; s++) order.push(k);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const seq = new Array(keys).fill(0);
  const since = Array.from({ length: keys }, () => []);
  const endAt = Array.from({ length: keys }, () => 3 + Math.floor(random() * (stepsPerKey - 5)));
  for (const k of order) {
    const masked = maskedShare > 0 && random() < maskedShare;
    const x = masked ? new Array(features).fill(0) : Array.from(uniform(random, features, -2, 2), round5);
    seq[k] += 1;
    since[k].push(x);
    const record = { key: 'key-' + (k + 1), x, seq: seq[k] };
    const end = seq[k] === endAt[k];
    if (end) record.end = true;
    records.push({ record, sequence: since[k].slice() });
    if (end) since[k] = [];
  }
  return records;
}

/** The output at the last timestep of predict over the sequence: one vector (or one per model output). */
function outputAtLast(model, sequence) {
  return tf.tidy(() => {
    const x = tf.tensor3d([sequence]);
    let y = model.predict(x);
    y = Array.isArray(y) ? y[0] : y;
    if (y.rank === 3) y = y.slice([0, y.shape[1] - 1, 0], [1, 1, y.shape[2]]);
    return Array.from(y.dataSync());
  });
}

function writeStream(dir, records) {
  fs.writeFileSync(path.join(dir, 'stream.jsonl'), records.map((r) => JSON.stringify(r.record)).join('\n') + '\n');
}

/** The contract's outputs for the stream: one prediction per timestep, one reset record per end:true. */
function expectedOutputs(records, yAt) {
  const lines = [];
  for (const { record, sequence } of records) {
    const y = yAt(sequence);
    lines.push(JSON.stringify({ type: 'prediction', key: record.key, seq: record.seq, step: sequence.length, y }));
    if (record.end) {
      lines.push(JSON.stringify({ type: 'reset', key: record.key, steps: sequence.length, reason: 'end' }));
    }
  }
  return lines.join('\n') + '\n';
}

function writeCase(dir, description) {
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify(description, null, 1) + '\n');
}

/** A case computed by TensorFlow.js: model files, stream, expected outputs. */
async function tfjsCase(name, seed, features, build, description, maskedShare = 0) {
  const random = rng(seed);
  const model = build();
  randomizeWeights(model, random);
  const dir = path.join(OUT, name);
  await saveModel(model, dir);
  const records = makeStream(random, features, 3, 12, maskedShare);
  writeStream(dir, records);
  fs.writeFileSync(path.join(dir, 'expected.jsonl'), expectedOutputs(records, (s) => outputAtLast(model, s)));
  writeCase(dir, { seed, features, expected_by: 'TensorFlow.js ' + tf.version_layers + ' (cpu backend)', description });
  console.log('wrote', dir);
}

/**
 * A case with a Normalization layer, which TensorFlow.js lacks: a TF.js model.json with the layer as the
 * TensorFlow.js converter writes a Keras Normalization (config, and for an adapted layer its weights mean,
 * variance and count), the rest built by TensorFlow.js. Its expected outputs come from reference.py (numpy).
 */
async function normalizationCase(name, seed, features, normalization, build, description) {
  const random = rng(seed);
  const model = build();
  randomizeWeights(model, random);
  const dir = path.join(OUT, name);
  let saved;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  const topology = saved.modelTopology;
  const layers = topology.config.layers;
  const first = layers[0].config;
  const normConfig = Object.assign(
    { name: 'normalization', trainable: true, batch_input_shape: first.batch_input_shape, dtype: 'float32' },
    normalization.config,
  );
  delete first.batch_input_shape;
  layers.unshift({ class_name: 'Normalization', config: normConfig });
  let specs = saved.weightSpecs;
  let bytes = Buffer.from(saved.weightData);
  if (normalization.adapted) {
    const mean = uniform(random, features, -1, 1);
    const variance = uniform(random, features, 0.05, 3);
    const count = new Int32Array([1000]);
    specs = [
      { name: 'normalization/mean', shape: [features], dtype: 'float32' },
      { name: 'normalization/variance', shape: [features], dtype: 'float32' },
      { name: 'normalization/count', shape: [], dtype: 'int32' },
    ].concat(specs);
    bytes = Buffer.concat([
      Buffer.from(mean.buffer),
      Buffer.from(variance.buffer),
      Buffer.from(count.buffer),
      bytes,
    ]);
  }
  writeArtifacts(dir, topology, specs, bytes);
  const records = makeStream(random, features, 3, 12);
  writeStream(dir, records);
  writeCase(dir, { seed, features, expected_by: 'reference.py (numpy)', description });
  console.log('wrote', dir, '(expected.jsonl: run reference.py)');
}

/** A Functional model whose recurrent state is model inputs and outputs, and what feeding it back gives. */
async function stateInGraphCase(name, seed, kind) {
  const random = rng(seed);
  const features = 3;
  const units = 4;
  const x = tf.input({ shape: [null, features], name: 'x' });
  const h0 = tf.input({ shape: [units], name: 'h0' });
  const c0 = tf.input({ shape: [units], name: 'c0' });
  const lstm = kind === 'lstm';
  const rnn = lstm
    ? tf.layers.lstm({ units, returnState: true, name: 'lstm' })
    : tf.layers.gru({ units, returnState: true, name: 'gru' });
  const out = rnn.apply(x, { initialState: lstm ? [h0, c0] : [h0] });
  const y = tf.layers.dense({ units: 2, name: 'y' }).apply(out[0]);
  const model = tf.model({
    inputs: lstm ? [x, h0, c0] : [x, h0],
    outputs: lstm ? [y, out[1], out[2]] : [y, out[1]],
    name: name.replace(/-/g, '_'),
  });
  randomizeWeights(model, random);
  const dir = path.join(OUT, 'state-in-graph', kind);
  await saveModel(model, dir);
  const records = makeStream(random, features, 3, 12);
  writeStream(dir, records);
  // One step per record: the previous step's h (and c) fed back, zeros after a reset.
  const state = new Map();
  const lines = [];
  const states = [];
  for (const { record, sequence } of records) {
    const zeros = () => new Array(units).fill(0);
    const prev = state.get(record.key) || (lstm ? [zeros(), zeros()] : [zeros()]);
    const result = tf.tidy(() => {
      const feeds = [tf.tensor3d([[record.x]])].concat(prev.map((s) => tf.tensor2d([s])));
      return model.predict(feeds).map((t) => Array.from(t.dataSync()));
    });
    const [yv, ...next] = result;
    lines.push(
      JSON.stringify({ type: 'prediction', key: record.key, seq: record.seq, step: sequence.length, y: yv }),
    );
    states.push(JSON.stringify(Object.assign({ key: record.key, seq: record.seq, h: next[0] }, lstm ? { c: next[1] } : {})));
    if (record.end) {
      lines.push(JSON.stringify({ type: 'reset', key: record.key, steps: sequence.length, reason: 'end' }));
      state.delete(record.key);
    } else {
      state.set(record.key, next);
    }
  }
  fs.writeFileSync(path.join(dir, 'expected.jsonl'), lines.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'expected.states.jsonl'), states.join('\n') + '\n');
  console.log('wrote', dir);
}

async function main() {
  await tf.setBackend('cpu');

  await tfjsCase(
    'rescaling-prelu-lstm',
    1101,
    4,
    () =>
      tf.sequential({
        layers: [
          tf.layers.rescaling({ scale: 0.5, offset: -0.25, inputShape: [null, 4], name: 'rescaling' }),
          tf.layers.prelu({ sharedAxes: [1], name: 'prelu' }),
          tf.layers.lstm({ units: 5, returnSequences: true, name: 'lstm' }),
          tf.layers.dense({ units: 3, name: 'dense' }),
        ],
      }),
    'Sequential: Rescaling(0.5, -0.25), PReLU(shared_axes=[1]), LSTM(5, return_sequences), Dense(3)',
  );

  await tfjsCase(
    'rnn-lstm-cell',
    1102,
    3,
    () =>
      tf.sequential({
        layers: [
          tf.layers.rnn({
            cell: tf.layers.lstmCell({ units: 4, recurrentActivation: 'sigmoid' }),
            inputShape: [null, 3],
            name: 'rnn',
          }),
          tf.layers.prelu({ name: 'prelu' }),
          tf.layers.dense({ units: 2, activation: 'tanh', name: 'dense' }),
        ],
      }),
    'Sequential: RNN(LSTMCell(4)) returning its last output, PReLU (alpha per feature), Dense(2, tanh)',
  );

  await tfjsCase(
    'rnn-stacked-gru-simple',
    1103,
    4,
    () =>
      tf.sequential({
        layers: [
          tf.layers.rnn({
            cell: [tf.layers.gruCell({ units: 3, recurrentActivation: 'sigmoid' }), tf.layers.simpleRNNCell({ units: 2 })],
            returnSequences: true,
            inputShape: [null, 4],
            name: 'rnn',
          }),
          tf.layers.dense({ units: 2, name: 'dense' }),
        ],
      }),
    'Sequential: RNN(StackedRNNCells(GRUCell(3), SimpleRNNCell(2)), return_sequences), Dense(2)',
  );

  await tfjsCase(
    'rnn-stacked-lstm',
    1104,
    3,
    () =>
      tf.sequential({
        layers: [
          tf.layers.rnn({
            cell: [
              tf.layers.lstmCell({ units: 4, recurrentActivation: 'sigmoid' }),
              tf.layers.lstmCell({ units: 3, useBias: false, recurrentActivation: 'sigmoid' }),
            ],
            inputShape: [null, 3],
            name: 'stacked',
          }),
          tf.layers.dense({ units: 1, name: 'dense' }),
        ],
      }),
    'Sequential: RNN(StackedRNNCells(LSTMCell(4), LSTMCell(3, use_bias=false))) returning its last output, Dense(1)',
  );

  await tfjsCase(
    'rnn-stacked-simple-lstm',
    1107,
    3,
    () =>
      tf.sequential({
        layers: [
          tf.layers.rnn({
            cell: [tf.layers.simpleRNNCell({ units: 3 }), tf.layers.lstmCell({ units: 2, recurrentActivation: 'sigmoid' })],
            returnSequences: true,
            inputShape: [null, 3],
            name: 'rnn',
          }),
          tf.layers.dense({ units: 2, name: 'dense' }),
        ],
      }),
    'Sequential: RNN(StackedRNNCells(SimpleRNNCell(3), LSTMCell(2)), return_sequences), Dense(2)',
  );

  await tfjsCase(
    'masking-rnn-stacked',
    1108,
    3,
    () =>
      tf.sequential({
        layers: [
          tf.layers.masking({ maskValue: 0, inputShape: [null, 3], name: 'masking' }),
          tf.layers.rnn({
            cell: [
              tf.layers.lstmCell({ units: 3, recurrentActivation: 'sigmoid' }),
              tf.layers.gruCell({ units: 2, recurrentActivation: 'sigmoid' }),
            ],
            returnSequences: true,
            name: 'rnn',
          }),
          tf.layers.dense({ units: 2, name: 'dense' }),
        ],
      }),
    'Sequential: Masking(0), RNN(StackedRNNCells(LSTMCell(3), GRUCell(2)), return_sequences), Dense(2); about a '
      + 'quarter of the timesteps are all zeros (masked)',
    0.25,
  );

  await tfjsCase(
    'prelu-shared-rescaling-gru',
    1109,
    3,
    () =>
      tf.sequential({
        layers: [
          tf.layers.rescaling({ scale: -1.5, inputShape: [null, 3], name: 'rescaling' }),
          tf.layers.prelu({ sharedAxes: [1, 2], name: 'prelu' }),
          tf.layers.gru({ units: 3, name: 'gru' }),
          tf.layers.dense({ units: 2, name: 'dense' }),
        ],
      }),
    'Sequential: Rescaling(-1.5), PReLU(shared_axes=[1, 2]: one alpha), GRU(3), Dense(2)',
  );

  await normalizationCase(
    'normalization-adapted',
    1105,
    3,
    { adapted: true, config: { axis: [-1], invert: false, mean: null, variance: null } },
    () =>
      tf.sequential({
        layers: [
          tf.layers.simpleRNN({ units: 4, returnSequences: true, inputShape: [null, 3], name: 'simple_rnn' }),
          tf.layers.dense({ units: 2, name: 'dense' }),
        ],
      }),
    'Sequential: Normalization (adapted: weights mean, variance, count), '
      + 'SimpleRNN(4, return_sequences), Dense(2)',
  );

  await normalizationCase(
    'normalization-config-invert',
    1106,
    3,
    { adapted: false, config: { axis: -1, invert: true, mean: [0.5, -1.0, 2.0], variance: [4.0, 0.25, 1.0] } },
    () =>
      tf.sequential({
        layers: [
          tf.layers.simpleRNN({ units: 3, inputShape: [null, 3], name: 'simple_rnn' }),
          tf.layers.dense({ units: 2, name: 'dense' }),
        ],
      }),
    'Sequential: Normalization (mean and variance in the config, invert=true), SimpleRNN(3), Dense(2)',
  );

  await stateInGraphCase('state-in-graph-lstm', 1201, 'lstm');
  await stateInGraphCase('state-in-graph-gru', 1202, 'gru');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
