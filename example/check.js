// Checks the saved example model and writes the expected outputs that the Java project tests its loaders against.
//
//   cd example && node check.js
//
// 1. Loads running-count/ (TensorFlow.js) stateful, with batch size 1, and checks that the state carries over: feed
//    [1,1,1], then [1,0,1] with the state carried over; the six outputs should be about 1,2,3,4,4,5.
// 2. Checks that running-count.keras and running-count.h5 hold exactly the TensorFlow.js weights.
// 3. Writes running-count.stream.jsonl (input records per docs/wire-format.md) and running-count.expected.jsonl
//    (the prediction records for them), computed here by TensorFlow.js one timestep at a time per key, so they
//    come from an implementation independent of the Java one.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import h5wasm from "h5wasm/node";
import JSZip from "jszip";
import { runningCount } from "./data.js";
import { loadLayersModel } from "./tfjs-files.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const TOLERANCE = 0.3;

// The keys of the expected stream: the six steps of the carry-over check, and a longer mixed one.
const STREAMS = {
  seed: [1, 1, 1, 1, 0, 1],
  mixed: [1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1],
};

const failures = [];

function predictSteps(model, steps) {
  return tf.tidy(() => Array.from(model.predict(tf.tensor3d(steps, [1, steps.length, 1])).dataSync()));
}

function seedCheck(model) {
  model.resetStates();
  const first = predictSteps(model, [1, 1, 1]);
  const second = predictSteps(model, [1, 0, 1]);
  const outputs = [...first, ...second];
  console.log(`seed check: [1,1,1] -> ${format(first)}; then [1,0,1] -> ${format(second)}`);
  const expected = runningCount(STREAMS.seed);
  outputs.forEach((y, i) => {
    if (Math.abs(y - expected[i]) > TOLERANCE) failures.push(`seed step ${i + 1}: ${y} is not within ${TOLERANCE} of ${expected[i]}`);
  });
}

/** One prediction record per step, fed one timestep at a time as the stream job does. */
function expectedRecords(model) {
  const inputs = [];
  const outputs = [];
  for (const [key, bits] of Object.entries(STREAMS)) {
    model.resetStates();
    bits.forEach((bit, i) => {
      const seq = i + 1;
      const [y] = predictSteps(model, [bit]);
      inputs.push({ key, x: [bit], seq });
      outputs.push({ type: "prediction", key, seq, step: i + 1, y: [y] });
    });
    const counts = runningCount(bits);
    const ys = outputs.filter((o) => o.key === key).map((o) => o.y[0]);
    console.log(`${key}: ${bits.join("")} -> ${format(ys)} (true counts ${counts.join(" ")})`);
  }
  return { inputs, outputs };
}

/**
 * The Keras files must describe the TensorFlow.js model: the same layer settings that decide the outputs, and
 * the same weights bit for bit.
 */
async function checkKerasFiles(model) {
  await h5wasm.ready;
  const tfjs = model.getWeights().map((w) => w.dataSync());
  const [kernel, recurrent, bias, denseKernel, denseBias] = tfjs;
  const tfjsLayers = JSON.parse(fs.readFileSync(path.join(here, "running-count", "model.json"), "utf8")).modelTopology
    .config.layers;

  const h5 = new h5wasm.File(path.join(here, "running-count.h5"), "r");
  try {
    compareConfig("running-count.h5", tfjsLayers, JSON.parse(h5.attrs.model_config.value).config.layers);
    compare("running-count.h5", h5, [
      ["model_weights/lstm/lstm/lstm_cell/kernel:0", kernel],
      ["model_weights/lstm/lstm/lstm_cell/recurrent_kernel:0", recurrent],
      ["model_weights/lstm/lstm/lstm_cell/bias:0", bias],
      ["model_weights/dense/dense/kernel:0", denseKernel],
      ["model_weights/dense/dense/bias:0", denseBias],
    ]);
  } finally {
    h5.close();
  }

  const zip = await JSZip.loadAsync(fs.readFileSync(path.join(here, "running-count.keras")));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "running-count-check-"));
  try {
    compareConfig("running-count.keras", tfjsLayers, JSON.parse(await zip.file("config.json").async("string")).config.layers);
    const weightsFile = path.join(tmp, "model.weights.h5");
    fs.writeFileSync(weightsFile, await zip.file("model.weights.h5").async("nodebuffer"));
    const k3 = new h5wasm.File(weightsFile, "r");
    try {
      compare("running-count.keras", k3, [
        ["layers/lstm/cell/vars/0", kernel],
        ["layers/lstm/cell/vars/1", recurrent],
        ["layers/lstm/cell/vars/2", bias],
        ["layers/dense/vars/0", denseKernel],
        ["layers/dense/vars/1", denseBias],
      ]);
    } finally {
      k3.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function compare(file, h5, pairs) {
  for (const [name, want] of pairs) {
    const dataset = h5.get(name);
    const got = dataset?.value;
    const same = got instanceof Float32Array && got.length === want.length && got.every((v, i) => Object.is(v, want[i]));
    if (!same) failures.push(`${file}: ${name} differs from the TensorFlow.js weights`);
  }
  console.log(`${file}: layer settings and weights checked against TensorFlow.js`);
}

const SETTINGS = ["units", "activation", "recurrent_activation", "use_bias", "return_sequences", "go_backwards"];

function compareConfig(file, tfjsLayers, kerasLayers) {
  const layers = kerasLayers.filter((l) => l.class_name !== "InputLayer");
  if (layers.length !== tfjsLayers.length) failures.push(`${file}: ${layers.length} layers, TensorFlow.js has ${tfjsLayers.length}`);
  tfjsLayers.forEach((want, i) => {
    const got = layers[i];
    if (got?.class_name !== want.class_name) failures.push(`${file}: layer ${i} is ${got?.class_name}, not ${want.class_name}`);
    for (const setting of SETTINGS) {
      if (got?.config[setting] !== want.config[setting]) {
        failures.push(`${file}: ${want.config.name}.${setting} is ${got?.config[setting]}, not ${want.config[setting]}`);
      }
    }
  });
}

function format(values) {
  return values.map((v) => v.toFixed(3)).join(", ");
}

function writeJsonLines(file, records) {
  fs.writeFileSync(path.join(here, file), records.map((r) => JSON.stringify(r) + "\n").join(""));
}

async function main() {
  await tf.setBackend("cpu");
  const model = await loadLayersModel(path.join(here, "running-count"), { statefulBatch: 1 });
  seedCheck(model);
  await checkKerasFiles(model);
  const { inputs, outputs } = expectedRecords(model);
  writeJsonLines("running-count.stream.jsonl", inputs);
  writeJsonLines("running-count.expected.jsonl", outputs);
  console.log(`wrote running-count.stream.jsonl and running-count.expected.jsonl (${outputs.length} predictions)`);
  if (failures.length > 0) {
    failures.forEach((f) => console.error(`FAILED: ${f}`));
    process.exitCode = 1;
  }
}

await main();
