// Writes TF.js Layers models whose recurrent layers take their initial state from extra inputs and return their
// state as extra outputs (a model built for carrying state across calls), a sequence of timesteps, and the outputs
// TF.js computes at every timestep with zero initial states (the model run over the sequence up to that timestep).
// Usage: node gen.js OUT_DIR   (needs @tensorflow/tfjs 4.22.0: npm install @tensorflow/tfjs@4.22.0)
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');

const out = process.argv[2];

let seed = 777;
function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
}

function randomize(model) {
  for (const w of model.weights) {
    const v = w.read();
    w.write(tf.tensor(Float32Array.from({length: v.size}, () => rand()), v.shape));
  }
}

// lstm: x -> LSTM(4, sequences, state from h0/c0) -> Dense(2); outputs [score, h, c].
function lstmModel() {
  const x = tf.input({shape: [null, 3], name: 'x'});
  const h0 = tf.input({shape: [4], name: 'h0'});
  const c0 = tf.input({shape: [4], name: 'c0'});
  const [seq, h, c] = tf.layers.lstm({units: 4, returnSequences: true, returnState: true, name: 'lstm'})
      .apply(x, {initialState: [h0, c0]});
  const score = tf.layers.dense({units: 2, name: 'score'}).apply(seq);
  return {model: tf.model({inputs: [x, h0, c0], outputs: [score, h, c], name: 'lstm_state'}), states: [4, 4]};
}

// gru: x -> GRU(3, last output only, state from s0) -> Dense(1); outputs [value, h].
function gruModel() {
  const x = tf.input({shape: [null, 3], name: 'x'});
  const s0 = tf.input({shape: [3], name: 's0'});
  const [last, h] = tf.layers.gru({units: 3, returnState: true, name: 'gru'}).apply(x, {initialState: [s0]});
  const value = tf.layers.dense({units: 1, name: 'value'}).apply(last);
  return {model: tf.model({inputs: [x, s0], outputs: [value, h], name: 'gru_state'}), states: [3]};
}

async function write(name, {model, states}, steps) {
  randomize(model);
  const dir = path.join(out, name);
  fs.mkdirSync(dir, {recursive: true});
  const lines = [];
  for (let t = 1; t <= steps.length; t++) {
    const zeros = states.map((n) => tf.zeros([1, n]));
    const ys = model.predict([tf.tensor([steps.slice(0, t)]), ...zeros]);
    const first = ys[0].arraySync()[0];
    const y = Array.isArray(first[0]) ? first[t - 1] : first; // a sequence's value at t, or the last output
    lines.push(JSON.stringify({x: steps[t - 1], y}));
  }
  fs.writeFileSync(path.join(dir, 'steps.jsonl'), lines.join('\n') + '\n');
  await model.save(tf.io.withSaveHandler(async (a) => {
    const json = {
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v' + tf.version.tfjs,
      convertedBy: null,
      modelTopology: a.modelTopology,
      weightsManifest: [{paths: ['weights.bin'], weights: a.weightSpecs}],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json, null, 1));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(a.weightData));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
}

async function main() {
  const steps = [];
  for (let t = 0; t < 10; t++) {
    steps.push([rand() * 3, rand() * 3, rand() * 3]);
  }
  await write('lstm', lstmModel(), steps);
  await write('gru', gruModel(), steps);
}
main();
