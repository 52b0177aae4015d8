#!/usr/bin/env python3
"""Expected outputs for small ONNX graphs that the fixtures do not cover, computed with numpy (float64)
from the ONNX operator definitions (LSTM, GRU, RNN, Gemm, Erf, LayerNormalization, Softmax, ...).

Each case is a graph that OnnxReferenceTest builds node for node with the same weights; this script writes,
per case, the weights, a sequence of inputs for one key and the outputs after each timestep, to
operators/src/test/resources/onnx-reference/<case>.json. Run from the repository root:

    python3 tools/reference/onnx_ops.py
"""
import json
import math
import os

import numpy as np

OUT = os.path.join("operators", "src", "test", "resources", "onnx-reference")
STEPS = 7


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def erf(x):
    return np.vectorize(math.erf)(x)


def weights(rng, shape, scale=0.6):
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


def lstm_step(x, h, c, W, R, B):
    """ONNX LSTM, one direction, one timestep; gate blocks i, o, f, c; B = [Wb | Rb]."""
    H = h.shape[-1]
    z = x @ W.T + h @ R.T
    if B is not None:
        z = z + B[: 4 * H] + B[4 * H:]
    i, o, f, g = (z[..., k * H:(k + 1) * H] for k in range(4))
    i, o, f, g = sigmoid(i), sigmoid(o), sigmoid(f), np.tanh(g)
    c2 = f * c + i * g
    return o * np.tanh(c2), c2


def gru_step(x, h, W, R, B, linear_before_reset):
    """ONNX GRU, one direction, one timestep; gate blocks z, r, h; B = [Wb | Rb]."""
    H = h.shape[-1]
    Wb = B[: 3 * H] if B is not None else np.zeros(3 * H)
    Rb = B[3 * H:] if B is not None else np.zeros(3 * H)
    Wz, Wr, Wh = W[:H], W[H:2 * H], W[2 * H:]
    Rz, Rr, Rh = R[:H], R[H:2 * H], R[2 * H:]
    z = sigmoid(x @ Wz.T + h @ Rz.T + Wb[:H] + Rb[:H])
    r = sigmoid(x @ Wr.T + h @ Rr.T + Wb[H:2 * H] + Rb[H:2 * H])
    if linear_before_reset:
        hh = np.tanh(x @ Wh.T + Wb[2 * H:] + r * (h @ Rh.T + Rb[2 * H:]))
    else:
        hh = np.tanh(x @ Wh.T + (r * h) @ Rh.T + Rb[2 * H:] + Wb[2 * H:])
    return (1 - z) * hh + z * h


def rnn_step(x, h, W, R, B, f):
    H = h.shape[-1]
    z = x @ W.T + h @ R.T
    if B is not None:
        z = z + B[:H] + B[H:]
    return f(z)


def gelu_exact(x):
    return (x * (1 + erf(x / math.sqrt(2)))) * 0.5


def layer_norm(x, scale, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * scale + bias


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def tensor(a):
    return {"dims": list(a.shape), "values": [float(v) for v in a.astype(np.float32).ravel()]}


def write(name, description, ws, xs, ys):
    os.makedirs(OUT, exist_ok=True)
    doc = {
        "case": name,
        "description": description,
        "weights": {k: tensor(v) for k, v in ws.items()},
        "inputs": [[float(v) for v in x] for x in xs],
        "expected": [[float(v) for v in y] for y in ys],
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def case_gru_reset_before_gemm_gelu():
    rng = np.random.default_rng(11)
    F, H, O = 3, 4, 5
    ws = {"W": weights(rng, (1, 3 * H, F)), "R": weights(rng, (1, 3 * H, H)), "B": weights(rng, (1, 6 * H)),
          "gemm_B": weights(rng, (O, H)), "gemm_C": weights(rng, (O,))}
    xs = weights(rng, (STEPS, F), 1.5)
    h = np.zeros(H)
    ys = []
    for x in xs.astype(np.float64):
        h = gru_step(x, h, ws["W"][0].astype(np.float64), ws["R"][0].astype(np.float64),
                     ws["B"][0].astype(np.float64), linear_before_reset=0)
        y = 0.5 * (h @ ws["gemm_B"].astype(np.float64).T) + 2.0 * ws["gemm_C"].astype(np.float64)
        ys.append(gelu_exact(y))
    write("gru-reset-before-gemm-gelu",
          "GRU(3, 4, linear_before_reset=0) > Reshape [-1, 4] > Gemm(transB=1, alpha=0.5, beta=2) > exact GELU "
          "(Div, Erf, Add, Mul, Mul)", ws, xs, ys)


def case_lstm_layout1_zero_state_silu_softmax():
    rng = np.random.default_rng(12)
    F, H, O = 3, 4, 6
    ws = {"W": weights(rng, (1, 4 * H, F)), "R": weights(rng, (1, 4 * H, H)), "B": weights(rng, (1, 8 * H)),
          "kernel": weights(rng, (H, O)), "bias": weights(rng, (O,))}
    xs = weights(rng, (STEPS, F), 1.5)
    h = np.zeros(H)
    c = np.zeros(H)
    ys = []
    for x in xs.astype(np.float64):
        h, c = lstm_step(x, h, c, ws["W"][0].astype(np.float64), ws["R"][0].astype(np.float64),
                         ws["B"][0].astype(np.float64))
        y = h @ ws["kernel"].astype(np.float64) + ws["bias"].astype(np.float64)
        ys.append(softmax(y * sigmoid(y)))
    write("lstm-layout1-zero-state-silu-softmax",
          "LSTM(3, 4, layout=1) whose initial h and c are ConstantOfShape zeros of a shape computed from "
          "Shape(x) (as a whole-sequence export writes them) > Squeeze > MatMul + Add > SiLU (Sigmoid, Mul) > "
          "Softmax", ws, xs, ys)


def case_rnn_relu_no_bias_layer_norm():
    rng = np.random.default_rng(13)
    F, H = 2, 5
    ws = {"W": weights(rng, (1, H, F)), "R": weights(rng, (1, H, H)),
          "scale": weights(rng, (H,), 1.2), "shift": weights(rng, (H,))}
    xs = weights(rng, (STEPS, F), 1.5)
    h = np.zeros(H)
    ys = []
    for x in xs.astype(np.float64):
        h = rnn_step(x, h, ws["W"][0].astype(np.float64), ws["R"][0].astype(np.float64), None,
                     lambda z: np.maximum(z, 0))
        y = layer_norm(h, ws["scale"].astype(np.float64), ws["shift"].astype(np.float64), 1e-5)
        ys.append(np.tanh(y))
    write("rnn-relu-no-bias-layer-norm",
          "RNN(2, 5, activations=[Relu], no B) > Squeeze > Transpose > LayerNormalization > Tanh", ws, xs, ys)


if __name__ == "__main__":
    case_gru_reset_before_gemm_gelu()
    case_lstm_layout1_zero_state_silu_softmax()
    case_rnn_relu_no_bias_layer_norm()
