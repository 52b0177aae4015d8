#!/usr/bin/env python3
"""Expected outputs, computed with numpy, of the reference cases TensorFlow.js cannot run (a Keras Normalization
layer). Reads each case's model.json, weights shard and stream.jsonl as generate.js wrote them and writes
expected.jsonl: for each timestep, the output of the model run over the key's whole sequence since its last reset,
at its last timestep.

Implements only what those cases hold: Normalization, SimpleRNN, Dense (linear or tanh), in float32 as Keras does.

Usage: python3 reference.py <case folder> [<case folder> ...]
"""
import json
import sys
from pathlib import Path

import numpy as np

F32 = np.float32
EPSILON = F32(1e-7)  # Keras's backend.epsilon(), the floor of the standard deviation


def load_weights(folder, manifest):
    weights = {}
    for group in manifest:
        data = b"".join((folder / p).read_bytes() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            dtype = np.int32 if spec["dtype"] == "int32" else np.float32
            values = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
            offset += 4 * count
            weights[spec["name"]] = values.astype(F32).reshape(spec["shape"])
    return weights


def normalization(config, weights, name, x):
    if config.get("mean") is not None:
        mean = np.asarray(config["mean"], dtype=F32)
        variance = np.asarray(config["variance"], dtype=F32)
    else:
        mean = weights[name + "/mean"]
        variance = weights[name + "/variance"]
    deviation = np.maximum(np.sqrt(variance), EPSILON)
    if config.get("invert"):
        return (mean + x * deviation).astype(F32)
    return ((x - mean) / deviation).astype(F32)


ACTIVATIONS = {"linear": lambda v: v, "tanh": np.tanh}


def simple_rnn(config, weights, name, sequence):
    kernel, recurrent, bias = (weights[name + "/" + w] for w in ("kernel", "recurrent_kernel", "bias"))
    act = ACTIVATIONS[config.get("activation", "tanh")]
    h = np.zeros(config["units"], dtype=F32)
    outputs = []
    for x in sequence:
        h = act((x @ kernel + h @ recurrent + bias).astype(F32)).astype(F32)
        outputs.append(h)
    return outputs if config.get("return_sequences") else [outputs[-1]]


def dense(config, weights, name, x):
    return ACTIVATIONS[config.get("activation", "linear")]((x @ weights[name + "/kernel"] + weights[name + "/bias"]))


def output_at_last(layers, weights, sequence):
    """The model over the whole sequence, at its last timestep."""
    values = [np.asarray(x, dtype=F32) for x in sequence]
    for layer in layers:
        cls, config = layer["class_name"], layer["config"]
        name = config["name"]
        if cls == "Normalization":
            values = [normalization(config, weights, name, v) for v in values]
        elif cls == "SimpleRNN":
            values = simple_rnn(config, weights, name, values)
        elif cls == "Dense":
            values = [dense(config, weights, name, v).astype(F32) for v in values]
        else:
            raise ValueError("reference.py does not implement " + cls)
    return [float(v) for v in values[-1]]


def run(folder):
    folder = Path(folder)
    model = json.loads((folder / "model.json").read_text())
    layers = model["modelTopology"]["config"]["layers"]
    weights = load_weights(folder, model["weightsManifest"])
    since = {}
    lines = []
    for line in (folder / "stream.jsonl").read_text().splitlines():
        record = json.loads(line)
        key = record["key"]
        since.setdefault(key, []).append(record["x"])
        sequence = since[key]
        y = output_at_last(layers, weights, sequence)
        lines.append({"type": "prediction", "key": key, "seq": record["seq"], "step": len(sequence), "y": y})
        if record.get("end"):
            lines.append({"type": "reset", "key": key, "steps": len(sequence), "reason": "end"})
            since[key] = []
    (folder / "expected.jsonl").write_text("".join(json.dumps(l, separators=(",", ":")) + "\n" for l in lines))
    print("wrote", folder / "expected.jsonl")


if __name__ == "__main__":
    for case in sys.argv[1:]:
        run(case)
