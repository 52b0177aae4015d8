// Writes a TF.js Layers model with nested models (a Sequential and a Functional model, the latter holding another
// Sequential, each used as a layer of the outer Functional model), a stream of timesteps for it, and the outputs
// TF.js computes for every timestep (the model run over the whole sequence, return_sequences everywhere).
// Usage: node gen.js OUT_DIR   (needs @tensorflow/tfjs 4.22.0: npm install @tensorflow/tfjs@4.22.0)
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
fs.mkdirSync(out, {recursive: true});

// Deterministic weights: a small LCG, so reruns write the same files.
let seed = 12345;
function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
}

const encoder = tf.sequential({name: 'encoder', layers: [
  tf.layers.lstm({units: 4, returnSequences: true, inputShape: [null, 3], name: 'enc_lstm'}),
  tf.layers.dense({units: 5, activation: 'tanh', name: 'enc_dense'}),
]});

const innerSeq = tf.sequential({name: 'inner', layers: [
  tf.layers.dense({units: 3, activation: 'relu', inputShape: [null, 5], name: 'inner_dense'}),
]});
const headIn = tf.input({shape: [null, 5], name: 'head_in'});
const headGru = tf.layers.gru({units: 3, returnSequences: true, name: 'head_gru'}).apply(headIn);
const headOut = tf.layers.add({name: 'head_add'}).apply([headGru, innerSeq.apply(headIn)]);
const head = tf.model({inputs: headIn, outputs: headOut, name: 'head'});

const x = tf.input({shape: [null, 3], name: 'signal'});
const encoded = encoder.apply(x);
const headed = head.apply(encoded);
const side = tf.layers.dense({units: 2, name: 'side'}).apply(x);
const merged = tf.layers.concatenate({name: 'merged'}).apply([headed, side]);
const y = tf.layers.dense({units: 2, name: 'score'}).apply(merged);
const model = tf.model({inputs: x, outputs: y, name: 'outer'});

for (const w of model.weights) {
  const v = w.read();
  const data = Float32Array.from({length: v.size}, () => rand());
  w.write(tf.tensor(data, v.shape));
}

const T = 12;
const steps = [];
for (let t = 0; t < T; t++) {
  steps.push([rand() * 3, rand() * 3, rand() * 3]);
}
const yAll = model.predict(tf.tensor([steps])).arraySync()[0];

async function main() {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const json = {
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v' + tf.version.tfjs,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
    };
    fs.writeFileSync(path.join(out, 'model.json'), JSON.stringify(json, null, 1));
    fs.writeFileSync(path.join(out, 'weights.bin'), Buffer.from(artifacts.weightData));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
  const lines = steps.map((s, t) => JSON.stringify({x: s, y: yAll[t]}));
  fs.writeFileSync(path.join(out, 'steps.jsonl'), lines.join('\n') + '\n');
}
main();
