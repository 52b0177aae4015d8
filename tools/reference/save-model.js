// Writes a TF.js Layers model to a folder as model.json and weights.bin, the files tf.LayersModel.save writes,
// without tfjs-node (through tf.io.withSaveHandler). Used by nested-tfjs/gen.js and state-graph-tfjs/gen.js.
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');

async function saveModel(model, dir) {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const json = {
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v' + tf.version.tfjs,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json, null, 1));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
}

module.exports = {saveModel};
