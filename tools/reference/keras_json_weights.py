#!/usr/bin/env python3
"""Makes Keras architecture-JSON + weights-file pairs from the oracle cases' model files, without Keras.

What Keras writes, reproduced with h5py and the zip module only:

* Keras 3: ``model.to_json()`` is the same serialization as the ``config.json`` of a ``.keras`` archive, and
  ``model.save_weights("m.weights.h5")`` writes the same file as the archive's ``model.weights.h5``. Both are
  taken from the case's ``model.keras`` as they are.
* Keras 2 (multi-backend and tf.keras): ``model.to_json()`` is the ``model_config`` attribute of a full-model
  ``.h5`` plus ``keras_version`` and ``backend``; ``model.save_weights("m.h5")`` writes at the root of a file what
  the full model file holds under ``model_weights``: the ``layer_names``, ``backend`` and ``keras_version``
  attributes and one group per layer with its ``weight_names``. Both are taken from the case's ``model.h5``.

The expected outputs stay the case's own (computed by TensorFlow.js, cross-checked with numpy and PyTorch):
``case.json`` beside each pair names them.

Run from the repository root:  python3 tools/reference/keras_json_weights.py
(needs h5py: Debian's python3-h5py)
"""
import json
import os
import zipfile

import h5py

ORACLE = "operators/src/test/resources/oracle"
OUT = "operators/src/test/resources/keras-json"

# (output folder, oracle case, kind)
PAIRS = [
    ("k2-case-1", "case-1", "keras2"),  # multi-backend Keras 2.1.6: list-form config, lstm_1/kernel:0 names
    ("k2-case-7", "case-7", "keras2"),  # tf.keras 2.3
    ("k2-case-15", "case-15", "keras2"),  # tf.keras 2.15
    ("k3-case-1", "case-1", "keras3"),  # Keras 3.12
    ("k3-case-7", "case-7", "keras3"),
]


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def keras2(case_dir, out_dir):
    with h5py.File(os.path.join(case_dir, "model.h5"), "r") as src:
        arch = json.loads(text(src.attrs["model_config"]))
        weights = src["model_weights"]
        arch["keras_version"] = text(src.attrs.get("keras_version", weights.attrs.get("keras_version")))
        arch["backend"] = text(src.attrs.get("backend", weights.attrs.get("backend", "tensorflow")))
        with open(os.path.join(out_dir, "arch.json"), "w") as f:
            json.dump(arch, f)
        with h5py.File(os.path.join(out_dir, "weights.h5"), "w") as dst:
            for name, value in weights.attrs.items():
                dst.attrs[name] = value
            for name in weights:
                src.copy(weights[name], dst, name=name)
    return "expected.jsonl", "weights.h5"


def keras3(case_dir, out_dir):
    with zipfile.ZipFile(os.path.join(case_dir, "model.keras")) as z:
        with open(os.path.join(out_dir, "arch.json"), "wb") as f:
            f.write(z.read("config.json"))
        with open(os.path.join(out_dir, "model.weights.h5"), "wb") as f:
            f.write(z.read("model.weights.h5"))
    return "expected.keras3.jsonl", "model.weights.h5"


def main():
    for folder, case, kind in PAIRS:
        out_dir = os.path.join(OUT, folder)
        os.makedirs(out_dir, exist_ok=True)
        case_dir = os.path.join(ORACLE, case)
        expected, weights = (keras2 if kind == "keras2" else keras3)(case_dir, out_dir)
        with open(os.path.join(out_dir, "case.json"), "w") as f:
            json.dump(
                {
                    "oracle_case": case,
                    "architecture": "arch.json",
                    "weights": weights,
                    "stream": "../../oracle/" + case + "/stream.jsonl",
                    "expected": "../../oracle/" + case + "/" + expected,
                },
                f,
                indent=1,
            )
            f.write("\n")
        print(out_dir)


if __name__ == "__main__":
    main()
