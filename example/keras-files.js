// Writes the trained Input -> LSTM -> Dense model in the two Keras file formats, laid out as Keras writes them
// (copied from the generated fixtures in shared/fixtures/oracle and real users' files), so that Keras itself
// loads them:
//  - running-count.keras: the Keras 3 native zip (metadata.json, config.json, model.weights.h5);
//  - running-count.h5: the legacy HDF5 full model as tf.keras 2.15 writes it.
// HDF5 comes from h5wasm (the HDF5 C library compiled to WebAssembly); the zip from JSZip.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import h5wasm from "h5wasm/node";
import JSZip from "jszip";
import { float, pyDumps } from "./python-json.js";

// The Keras versions whose file layout we reproduce: Keras reads these to pick its loading code.
const KERAS3_VERSION = "3.12.0";
const KERAS2_VERSION = "2.15.0";

// h5py and Keras write "variable-length UTF-8" for Python str values and "variable-length ASCII" for bytes;
// these are h5wasm's names for the two.
const UTF8 = "S";
const ASCII = "A";

/**
 * @param {object} model  { units, inputDim, weights: { lstmKernel, lstmRecurrentKernel, lstmBias, denseKernel,
 *                          denseBias } } with each weight { data: Float32Array, shape: number[] }
 * @param {Date} savedAt   the time recorded in the files (fixed by the caller so that retraining gives equal bytes)
 */
export async function writeKerasFiles(model, kerasPath, h5Path, savedAt) {
  await h5wasm.ready;
  await writeKeras3Zip(model, kerasPath, savedAt);
  withClock(savedAt, () => writeKeras2H5(model, h5Path));
}

// ---------------------------------------------------------------------------------------------- Keras 3 .keras

async function writeKeras3Zip(model, kerasPath, savedAt) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "running-count-"));
  try {
    const weightsPath = path.join(tmp, "model.weights.h5");
    withClock(savedAt, () => writeKeras3Weights(model, weightsPath));
    const zip = new JSZip();
    // Keras writes the two JSON entries with the zip default date (1980-01-01) and the weights with their file time.
    const zipEpoch = new Date(Date.UTC(1980, 0, 1));
    const metadata = { keras_version: KERAS3_VERSION, date_saved: kerasDate(savedAt) };
    zip.file("metadata.json", pyDumps(metadata), { date: zipEpoch });
    zip.file("config.json", pyDumps(keras3Config(model)), { date: zipEpoch });
    zip.file("model.weights.h5", fs.readFileSync(weightsPath), { date: savedAt });
    const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "STORE", platform: "DOS" });
    fs.writeFileSync(kerasPath, bytes);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Keras 3 stores each layer's variables under layers/<name>/vars/0..n, an RNN's under layers/<name>/cell/vars. */
function writeKeras3Weights(model, file) {
  const w = model.weights;
  const f = new h5wasm.File(file, "w", { libver: ["earliest", "v108"] });
  try {
    const layers = f.create_group("layers");
    const dense = layers.create_group("dense");
    writeVars(dense, "dense", [w.denseKernel, w.denseBias]);
    const lstm = layers.create_group("lstm");
    writeVars(lstm.create_group("cell"), "lstm_cell", [w.lstmKernel, w.lstmRecurrentKernel, w.lstmBias]);
    writeVars(lstm, "lstm", []);
    writeVars(f, "sequential", []);
  } finally {
    f.close();
  }
}

function writeVars(parent, name, tensors) {
  const vars = parent.create_group("vars");
  vars.create_attribute("name", name, null, UTF8);
  tensors.forEach((t, i) => vars.create_dataset({ name: String(i), data: t.data, shape: t.shape }));
}

function keras3Config(model) {
  // Keras 3 records the objects that several layers share once (shared_object_id = Python's id()); the dtype
  // policy is shared by every layer, an RNN's initializers by the layer and its cell.
  const dtype = {
    module: "keras",
    class_name: "DTypePolicy",
    config: { name: "float32" },
    registered_name: null,
    shared_object_id: 140000000000016,
  };
  const initializer = (className, config, sharedId) => {
    const init = { module: "keras.initializers", class_name: className, config, registered_name: null };
    if (sharedId !== undefined) init.shared_object_id = sharedId;
    return init;
  };
  const inputShape = [null, null, model.inputDim];
  const layer = (className, config, buildInputShape) => ({
    module: "keras.layers",
    class_name: className,
    config,
    registered_name: null,
    ...(buildInputShape ? { build_config: { input_shape: buildInputShape } } : {}),
  });
  return {
    module: "keras",
    class_name: "Sequential",
    config: {
      name: "sequential",
      trainable: true,
      dtype,
      layers: [
        layer("InputLayer", {
          batch_shape: inputShape,
          dtype: "float32",
          sparse: false,
          ragged: false,
          name: "input_layer",
        }),
        layer(
          "LSTM",
          {
            name: "lstm",
            trainable: true,
            dtype,
            return_sequences: true,
            return_state: false,
            go_backwards: false,
            stateful: false,
            unroll: false,
            zero_output_for_mask: false,
            units: model.units,
            activation: "tanh",
            recurrent_activation: "sigmoid",
            use_bias: true,
            kernel_initializer: initializer("GlorotUniform", { seed: null }, 140000000000032),
            recurrent_initializer: initializer("Orthogonal", { seed: null, gain: float(1) }, 140000000000048),
            bias_initializer: initializer("Zeros", {}, 140000000000064),
            unit_forget_bias: true,
            kernel_regularizer: null,
            recurrent_regularizer: null,
            bias_regularizer: null,
            activity_regularizer: null,
            kernel_constraint: null,
            recurrent_constraint: null,
            bias_constraint: null,
            dropout: float(0),
            recurrent_dropout: float(0),
            seed: null,
          },
          inputShape,
        ),
        layer(
          "Dense",
          {
            name: "dense",
            trainable: true,
            dtype,
            units: 1,
            activation: "linear",
            use_bias: true,
            kernel_initializer: initializer("GlorotUniform", { seed: null }),
            bias_initializer: initializer("Zeros", {}),
            kernel_regularizer: null,
            bias_regularizer: null,
            kernel_constraint: null,
            bias_constraint: null,
          },
          [null, null, model.units],
        ),
      ],
      build_input_shape: inputShape,
    },
    registered_name: null,
    build_config: { input_shape: inputShape },
  };
}

// ------------------------------------------------------------------------------------------ legacy Keras 2 .h5

/** The layout of tf.keras 2.15's save_model_to_hdf5 (model.save("x.h5")), without optimizer state. */
function writeKeras2H5(model, file) {
  const w = model.weights;
  const f = new h5wasm.File(file, "w", { libver: ["earliest", "v108"] });
  try {
    f.create_attribute("keras_version", KERAS2_VERSION, null, UTF8);
    f.create_attribute("backend", "tensorflow", null, UTF8);
    f.create_attribute("model_config", pyDumps(keras2Config(model)), null, ASCII);

    const weights = f.create_group("model_weights");
    weights.create_attribute("layer_names", ["lstm", "dense"], null, ASCII);
    weights.create_attribute("backend", "tensorflow", null, ASCII);
    weights.create_attribute("keras_version", KERAS2_VERSION, null, ASCII);
    writeLayerWeights(weights, "dense", [
      ["dense/kernel:0", w.denseKernel],
      ["dense/bias:0", w.denseBias],
    ]);
    writeLayerWeights(weights, "lstm", [
      ["lstm/lstm_cell/kernel:0", w.lstmKernel],
      ["lstm/lstm_cell/recurrent_kernel:0", w.lstmRecurrentKernel],
      ["lstm/lstm_cell/bias:0", w.lstmBias],
    ]);
    // tf.keras 2.13+ also saves the weights the model holds itself, outside any layer: none here. h5py writes the
    // empty name list as a float64 array of length 0.
    weights.create_group("top_level_model_weights").create_attribute("weight_names", new Float64Array(0), [0]);
  } finally {
    f.close();
  }
}

/** One layer's group: attribute weight_names, and each weight as a dataset at the path its name gives. */
function writeLayerWeights(parent, layerName, named) {
  const group = parent.create_group(layerName);
  group.create_attribute(
    "weight_names",
    named.map(([name]) => name),
    null,
    ASCII,
  );
  for (const [name, tensor] of named) {
    const parts = name.split("/");
    let g = group;
    for (const part of parts.slice(0, -1)) g = g.keys().includes(part) ? g.get(part) : g.create_group(part);
    g.create_dataset({ name: parts[parts.length - 1], data: tensor.data, shape: tensor.shape });
  }
}

function keras2Config(model) {
  const batchInputShape = [null, null, model.inputDim];
  return {
    class_name: "Sequential",
    config: {
      name: "sequential",
      layers: [
        {
          class_name: "InputLayer",
          config: {
            batch_input_shape: batchInputShape,
            dtype: "float32",
            sparse: false,
            ragged: false,
            name: "lstm_input",
          },
        },
        {
          class_name: "LSTM",
          config: {
            name: "lstm",
            trainable: true,
            batch_input_shape: batchInputShape,
            dtype: "float32",
            return_sequences: true,
            return_state: false,
            go_backwards: false,
            stateful: false,
            unroll: false,
            time_major: false,
            units: model.units,
            activation: "tanh",
            recurrent_activation: "sigmoid",
            use_bias: true,
            kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } },
            recurrent_initializer: { class_name: "Orthogonal", config: { gain: float(1), seed: null } },
            bias_initializer: { class_name: "Zeros", config: {} },
            unit_forget_bias: true,
            kernel_regularizer: null,
            recurrent_regularizer: null,
            bias_regularizer: null,
            activity_regularizer: null,
            kernel_constraint: null,
            recurrent_constraint: null,
            bias_constraint: null,
            dropout: float(0),
            recurrent_dropout: float(0),
            implementation: 2,
          },
        },
        {
          class_name: "Dense",
          config: {
            name: "dense",
            trainable: true,
            dtype: "float32",
            units: 1,
            activation: "linear",
            use_bias: true,
            kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } },
            bias_initializer: { class_name: "Zeros", config: {} },
            kernel_regularizer: null,
            bias_regularizer: null,
            activity_regularizer: null,
            kernel_constraint: null,
            bias_constraint: null,
          },
        },
      ],
    },
  };
}

// ------------------------------------------------------------------------------------------------------ helpers

/** Keras's date_saved format: 2025-01-26@09:53:31. */
function kerasDate(d) {
  return d.toISOString().slice(0, 19).replace("T", "@");
}

/**
 * HDF5 stamps each dataset with the current time, which h5wasm takes from Date.now(); pinning the clock while
 * writing makes retraining reproduce the files byte for byte.
 */
function withClock(date, write) {
  const realNow = Date.now;
  Date.now = () => date.getTime();
  try {
    write();
  } finally {
    Date.now = realNow;
  }
}
