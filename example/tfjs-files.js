// Saves and loads the TensorFlow.js Layers format (model.json + one weights shard) on the local disk. The pure
// JavaScript @tensorflow/tfjs has no file:// handler (that comes with the native tfjs-node, which cannot be
// installed everywhere), so these do what it would, through tfjs's own in-memory handlers.

import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

const SHARD = "group1-shard1of1.bin";

export async function saveLayersModel(model, dir) {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      fs.mkdirSync(dir, { recursive: true });
      const weightData = Array.isArray(artifacts.weightData)
        ? tf.io.concatenateArrayBuffers(artifacts.weightData)
        : artifacts.weightData;
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [SHARD], weights: artifacts.weightSpecs }],
      };
      fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(modelJson, null, 1) + "\n");
      fs.writeFileSync(path.join(dir, SHARD), Buffer.from(weightData));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/**
 * Loads model.json + shard from `dir`. With `statefulBatch` set, the recurrent layers are loaded stateful with
 * that fixed batch size, so that successive predict() calls carry the state, as the stream job does per key.
 */
export async function loadLayersModel(dir, { statefulBatch } = {}) {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
  const topology = structuredClone(modelJson.modelTopology);
  if (statefulBatch !== undefined) {
    for (const layer of topology.config.layers) {
      if ("stateful" in layer.config) layer.config.stateful = true;
      if (layer.config.batch_input_shape) layer.config.batch_input_shape[0] = statefulBatch;
    }
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const bytes = Buffer.concat(shards);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs, weightData }));
}
