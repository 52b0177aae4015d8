#!/usr/bin/env python3
"""Reference outputs for models with causal Conv1D layers, computed in float64 with numpy.

Two commands:

  make OUT_DIR --case NAME --seed N
      writes a TensorFlow.js Layers model (model.json + group1-shard1of1.bin, Sequential) with random
      weights, a stream of input records (stream.jsonl), and then runs `expected` on them.

  expected MODEL_JSON STREAM_JSONL > expected.jsonl
      reads a Sequential TensorFlow.js Layers model (Conv1D with padding causal or kernel size 1, LSTM, GRU
      with reset_after, SimpleRNN, Dense) and a stream per the wire format (docs/wire-format.md), and
      prints the expected predictions and resets.

The expected output at step t of a key is computed the way docs/wire-format.md defines it, not the
way the job computes it: the whole model is run over the key's inputs since its last reset (steps 1..t, the
convolution zero-padded in front by (kernel_size - 1) * dilation_rate) and the output at timestep t is
taken. Nothing is carried from one step to the next but the list of inputs.
"""

import argparse
import json
import os
import sys

import numpy as np

# ---------------------------------------------------------------------------------------------- the model


def read_model(model_json):
    """The layers of a Sequential TF.js Layers model, each (class_name, config, {role: float64 array})."""
    with open(model_json) as f:
        root = json.load(f)
    topology = root["modelTopology"]
    topology = topology.get("model_config", topology)
    if topology["class_name"] != "Sequential":
        raise SystemExit("only Sequential models: " + topology["class_name"])
    layers = topology["config"]["layers"] if isinstance(topology["config"], dict) else topology["config"]
    weights = {}
    folder = os.path.dirname(os.path.abspath(model_json))
    for group in root["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            if w["dtype"] != "float32":
                raise SystemExit("only float32 weights: " + w["name"])
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            values = np.frombuffer(data, dtype="<f4", count=n, offset=offset).astype(np.float64)
            weights[w["name"]] = values.reshape(w["shape"])
            offset += 4 * n
    out = []
    for layer in layers:
        name = layer["config"]["name"]
        own = {k.split("/")[-1]: v for k, v in weights.items() if k.startswith(name + "/")}
        out.append((layer["class_name"], layer["config"], own))
    return out


def single(v):
    return v[0] if isinstance(v, list) else v


ACTIVATIONS = {
    "linear": lambda x: x,
    "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "relu": lambda x: np.maximum(x, 0),
    "softsign": lambda x: x / (1 + np.abs(x)),
}


def activation(config, key, default):
    name = config.get(key) or default
    return ACTIVATIONS[name]


def conv1d(config, w, xs):
    """Keras Conv1D over a whole sequence (T, channels) -> (T, filters)."""
    k = single(config["kernel_size"])
    d = single(config.get("dilation_rate", 1))
    if single(config.get("strides", 1)) != 1:
        raise SystemExit("strides other than 1")
    if k > 1 and config.get("padding") != "causal":
        raise SystemExit("only causal padding for kernel size > 1")
    pad = (k - 1) * d
    x = np.concatenate([np.zeros((pad, xs.shape[1])), xs])
    kernel = w["kernel"]  # (k, channels, filters)
    y = np.zeros((xs.shape[0], kernel.shape[2]))
    for t in range(xs.shape[0]):
        # output t (index t + pad in the padded sequence) reads the padded inputs t, t + d, ..., t + (k - 1) * d
        for j in range(k):
            y[t] += x[t + j * d] @ kernel[j]
    if config.get("use_bias", True):
        y += w["bias"]
    return activation(config, "activation", "linear")(y)


def lstm(config, w, xs, mask):
    units = config["units"]
    act = activation(config, "activation", "tanh")
    rec = activation(config, "recurrent_activation", "sigmoid")
    bias = w["bias"] if config.get("use_bias", True) else np.zeros(4 * units)
    h = np.zeros(units)
    c = np.zeros(units)
    hs = []
    for t, x in enumerate(xs):
        if not masked(mask, t):
            z = x @ w["kernel"] + h @ w["recurrent_kernel"] + bias
            i, f, g, o = (z[n * units : (n + 1) * units] for n in range(4))
            c = rec(f) * c + rec(i) * act(g)
            h = rec(o) * act(c)
        hs.append(h)
    return np.array(hs) if config.get("return_sequences", False) else np.array(hs[-1:])


def gru(config, w, xs, mask):
    units = config["units"]
    if not config.get("reset_after", True):
        raise SystemExit("only GRU with reset_after")
    act = activation(config, "activation", "tanh")
    rec = activation(config, "recurrent_activation", "sigmoid")
    bias = w["bias"] if config.get("use_bias", True) else np.zeros((2, 3 * units))
    h = np.zeros(units)
    hs = []
    for t, x in enumerate(xs):
        if not masked(mask, t):
            xw = x @ w["kernel"] + bias[0]
            hu = h @ w["recurrent_kernel"] + bias[1]
            z = rec(xw[:units] + hu[:units])
            r = rec(xw[units : 2 * units] + hu[units : 2 * units])
            hh = act(xw[2 * units :] + r * hu[2 * units :])
            h = z * h + (1 - z) * hh
        hs.append(h)
    return np.array(hs) if config.get("return_sequences", False) else np.array(hs[-1:])


def simple_rnn(config, w, xs, mask):
    units = config["units"]
    act = activation(config, "activation", "tanh")
    bias = w["bias"] if config.get("use_bias", True) else np.zeros(units)
    h = np.zeros(units)
    hs = []
    for t, x in enumerate(xs):
        if not masked(mask, t):
            h = act(x @ w["kernel"] + h @ w["recurrent_kernel"] + bias)
        hs.append(h)
    return np.array(hs) if config.get("return_sequences", False) else np.array(hs[-1:])


def dense(config, w, xs):
    y = xs @ w["kernel"]
    if config.get("use_bias", True):
        y = y + w["bias"]
    return activation(config, "activation", "linear")(y)


def masked(mask, t):
    return mask is not None and mask[t]


def masking(config, xs):
    """Keras Masking: a timestep whose features all equal mask_value is masked, and output as zeros."""
    mask = np.all(xs == np.float32(config.get("mask_value", 0.0)), axis=1)
    return np.where(mask[:, None], 0.0, xs), mask


RECURRENT = {"LSTM": lstm, "GRU": gru, "SimpleRNN": simple_rnn}
OTHERS = {"Conv1D": conv1d, "Dense": dense}


def run(model, xs):
    """
    The model over a whole sequence (T, features); returns the output at its last timestep. Masks as docs/wire-format.md
    and Keras 3 define them: a masked timestep leaves a recurrent layer's state unchanged and it repeats
    its previous output (zeros before the first unmasked step); a recurrent layer returning sequences passes the
    mask on, Dense passes it on, and a Conv1D (which does not support masking) drops it, as Keras 3 does.
    """
    mask = None
    for class_name, config, w in model:
        if class_name == "Masking":
            xs, mask = masking(config, xs)
        elif class_name in RECURRENT:
            xs = RECURRENT[class_name](config, w, xs, mask)
            if not config.get("return_sequences", False):
                mask = None
        else:
            xs = OTHERS[class_name](config, w, xs)
            if class_name == "Conv1D":
                mask = None
    return xs[-1]


# --------------------------------------------------------------------------------------------- the stream


def timesteps(x):
    """A record's x as float32-rounded timesteps (the job computes in float32)."""
    steps = x if isinstance(x[0], list) else [x]
    return [np.array(s, dtype=np.float32).astype(np.float64) for s in steps]


def expected(model, stream_lines):
    """The predictions and resets the wire format requires for the stream, as JSON lines."""
    seen = {}  # key -> inputs since its last reset
    last_seq = {}
    out = []
    for line in stream_lines:
        r = json.loads(line)
        key = r["key"]
        if "seq" in r:
            if key in last_seq and r["seq"] <= last_seq[key]:
                continue  # a replay: dropped
            last_seq[key] = r["seq"]
        inputs = seen.setdefault(key, [])
        if r.get("type") == "reset":
            out.append({"type": "reset", "key": key, "steps": len(inputs), "reason": "control"})
            inputs.clear()
            continue
        for x in timesteps(r["x"]):
            inputs.append(x)
            y = run(model, np.array(inputs))
            p = {"type": "prediction", "key": key}
            if "seq" in r:
                p["seq"] = r["seq"]
            p["step"] = len(inputs)
            p["y"] = [float(v) for v in y]
            if "ts" in r:
                p["ts"] = r["ts"]
            out.append(p)
        if r.get("end"):
            out.append({"type": "reset", "key": key, "steps": len(inputs), "reason": "end"})
            inputs.clear()
    return [json.dumps(o, separators=(",", ":")) for o in out]


# ------------------------------------------------------------------------------------------------- making

CASES = {
    # Conv1D(causal, k=3, d=2) -> LSTM(return_sequences) -> Dense
    "conv-lstm-dense": [
        ("Conv1D", {"filters": 4, "kernel_size": [3], "dilation_rate": [2], "activation": "tanh"}),
        ("LSTM", {"units": 5, "return_sequences": True}),
        ("Dense", {"units": 2, "activation": "linear"}),
    ],
    # Masking -> LSTM(return_sequences) -> Conv1D(causal, k=2, d=3) -> LSTM -> Dense: the convolution sees the
    # LSTM's output repeated at masked steps, and drops the mask (the second LSTM steps at every timestep)
    "masked-lstm-conv": [
        ("Masking", {"mask_value": 0.0}),
        ("LSTM", {"units": 4, "return_sequences": True}),
        ("Conv1D", {"filters": 3, "kernel_size": [2], "dilation_rate": [3], "activation": "tanh"}),
        ("LSTM", {"units": 3, "return_sequences": True}),
        ("Dense", {"units": 2, "activation": "linear"}),
    ],
    # Convolutions only: k=2 d=1 with bias, k=3 d=3 without, k=4 d=1, then a pointwise one (kernel size 1)
    "conv-chain": [
        ("Conv1D", {"filters": 4, "kernel_size": [2], "dilation_rate": [1], "activation": "relu"}),
        ("Conv1D", {"filters": 3, "kernel_size": [3], "dilation_rate": [3], "use_bias": False}),
        ("Conv1D", {"filters": 5, "kernel_size": [4], "dilation_rate": [1], "activation": "softsign"}),
        ("Conv1D", {"filters": 2, "kernel_size": [1], "dilation_rate": [1], "activation": "sigmoid"}),
    ],
}


def make(out_dir, case, seed, features):
    rng = np.random.default_rng(seed)
    os.makedirs(out_dir, exist_ok=True)
    layers = []
    manifest = []
    blobs = []
    size = features
    counts = {}
    for class_name, spec in CASES[case]:
        base = {"Conv1D": "conv1d", "LSTM": "lstm", "Dense": "dense", "Masking": "masking"}[class_name]
        n = counts.get(base, 0)
        counts[base] = n + 1
        name = base if n == 0 else base + "_" + str(n)
        config = {"name": name, "trainable": True, "dtype": "float32"}
        config.update(spec)
        if class_name == "Conv1D":
            config.update({"strides": [1], "padding": "causal", "data_format": "channels_last"})
            config.setdefault("activation", "linear")
            config.setdefault("use_bias", True)
            k = config["kernel_size"][0]
            shapes = [("kernel", (k, size, config["filters"]))]
            if config["use_bias"]:
                shapes.append(("bias", (config["filters"],)))
            size = config["filters"]
        elif class_name == "Masking":
            shapes = []
        elif class_name == "LSTM":
            u = config["units"]
            config.update({"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True})
            config.update({"go_backwards": False, "stateful": False, "unit_forget_bias": True})
            shapes = [("kernel", (size, 4 * u)), ("recurrent_kernel", (u, 4 * u)), ("bias", (4 * u,))]
            size = u
        else:
            config.setdefault("use_bias", True)
            shapes = [("kernel", (size, config["units"]))]
            if config["use_bias"]:
                shapes.append(("bias", (config["units"],)))
            size = config["units"]
        if not layers:
            config["batch_input_shape"] = [None, None, features]
        layers.append({"class_name": class_name, "config": config})
        for role, shape in shapes:
            scale = 0.3 if role == "bias" else 1.0 / np.sqrt(shape[-2] if len(shape) > 1 else 1)
            values = (rng.standard_normal(shape) * scale).astype("<f4")
            manifest.append({"name": name + "/" + role, "shape": list(shape), "dtype": "float32"})
            blobs.append(values.tobytes())
    model = {
        "format": "layers-model",
        "generatedBy": "tools/reference/causal_conv_reference.py (numpy " + np.__version__ + ")",
        "convertedBy": None,
        "modelTopology": {
            "class_name": "Sequential",
            "config": {"name": case, "layers": layers},
            "keras_version": "tfjs-layers 4.22.0",
            "backend": "tensor_flow.js",
        },
        "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": manifest}],
    }
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(model, f, indent=1)
    with open(os.path.join(out_dir, "group1-shard1of1.bin"), "wb") as f:
        f.write(b"".join(blobs))
    lines = stream(rng, features, any(c == "Masking" for c, _ in CASES[case]))
    with open(os.path.join(out_dir, "stream.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out_dir, "expected.jsonl"), "w") as f:
        f.write("\n".join(expected(read_model(os.path.join(out_dir, "model.json")), lines)) + "\n")


def stream(rng, features, masked_steps=False):
    """
    Three keys interleaved: single steps and chunks, an end:true, a control reset, records without seq; with
    masked_steps, one timestep in four all zeros (masked by Masking(mask_value=0)).
    """
    keys = {"k1": 0, "k2": 0, "sensor 3": 0}
    lines = []

    def step():
        values = [round(float(v), 5) for v in rng.uniform(-1.5, 1.5, features)]
        return [0.0] * features if masked_steps and rng.random() < 0.25 else values

    for i in range(60):
        key = list(keys)[int(rng.integers(0, len(keys)))]
        keys[key] += 1
        r = {"key": key}
        kind = rng.random()
        if kind < 0.6:
            r["x"] = step()
        else:
            r["x"] = [step() for _ in range(int(rng.integers(1, 5)))]
        if key != "sensor 3":
            r["seq"] = keys[key]
        if i in (25, 47):
            r["end"] = True
        if rng.random() < 0.3:
            r["ts"] = 1700000000000 + i * 1000
        lines.append(json.dumps(r, separators=(",", ":")))
        if i == 38:
            keys["k2"] += 1
            lines.append(json.dumps({"key": "k2", "type": "reset", "seq": keys["k2"]}, separators=(",", ":")))
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("out_dir")
    m.add_argument("--case", choices=sorted(CASES), required=True)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--features", type=int, default=3)
    e = sub.add_parser("expected")
    e.add_argument("model_json")
    e.add_argument("stream")
    a = p.parse_args()
    if a.command == "make":
        make(a.out_dir, a.case, a.seed, a.features)
    else:
        with open(a.stream) as f:
            lines = [line for line in f if line.strip()]
        sys.stdout.write("\n".join(expected(read_model(a.model_json), lines)) + "\n")


if __name__ == "__main__":
    main()
