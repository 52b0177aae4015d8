"""Trains the example running-count model with Keras, for users who have TensorFlow.

    pip install tensorflow    # Keras 3 (TensorFlow >= 2.16), or tf.keras 2.x
    python train_keras.py

The same recipe as train.js (which is what made the committed files, with TensorFlow.js): the same data
generator and seed, architecture and hyper-parameters. The data batches are identical; the initial weights are
not (Keras and TensorFlow.js draw them differently), so the trained weights differ a little while the model
counts just as well. Writes running-count.keras and running-count.h5 beside this script.
"""

import os

import numpy as np

try:
    import keras
except ImportError:  # TensorFlow 2.x before Keras 3
    from tensorflow import keras

SEED = 2024
UNITS = 16
BATCH_SIZE = 32
MIN_LENGTH = 20
MAX_LENGTH = 30
BATCHES = 6000
LEARNING_RATE = 0.005  # Adam, decaying exponentially to a tenth of this over the training
LEARNING_RATE_DECAY = 0.1
CLIP_NORM = 1.0  # gradients scaled to this global norm at most
TARGET_SCALE = 10  # trains on count / 10; folded into the Dense layer afterwards
SWITCH = 0.05  # chance per step that the probability of a 1 changes
TOLERANCE = 0.3


def mulberry32(seed):
    """The 32-bit PRNG of data.js, step for step: uniform floats in [0, 1)."""
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def next_float():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = ((t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_float


def make_batch(rand, batch_size, length):
    """Sequences of 0s and 1s whose probability of a 1 changes now and then; the target is the count so far."""
    xs = np.zeros((batch_size, length, 1), dtype="float32")
    ys = np.zeros((batch_size, length, 1), dtype="float32")
    for b in range(batch_size):
        p = rand()
        count = 0
        for t in range(length):
            if rand() < SWITCH:
                p = rand()
            x = 1 if rand() < p else 0
            count += x
            xs[b, t, 0] = x
            ys[b, t, 0] = count
    return xs, ys


def build_model():
    keras.utils.set_random_seed(SEED)
    return keras.Sequential(
        [
            keras.Input(shape=(None, 1)),
            keras.layers.LSTM(UNITS, return_sequences=True, name="lstm"),
            keras.layers.Dense(1, name="dense"),
        ]
    )


def train(model):
    schedule = keras.optimizers.schedules.ExponentialDecay(LEARNING_RATE, BATCHES, LEARNING_RATE_DECAY)
    optimizer = keras.optimizers.Adam(learning_rate=schedule, global_clipnorm=CLIP_NORM)
    model.compile(optimizer=optimizer, loss="mean_squared_error")
    rand = mulberry32(SEED)
    for batch in range(BATCHES):
        length = MIN_LENGTH + int(rand() * (MAX_LENGTH - MIN_LENGTH + 1))
        xs, ys = make_batch(rand, BATCH_SIZE, length)
        loss = model.train_on_batch(xs, ys / TARGET_SCALE)
        if batch % 500 == 0:
            print(f"batch {batch}: loss {float(np.ravel(loss)[0]) * TARGET_SCALE ** 2:.4f}")
    dense = model.get_layer("dense")
    kernel, bias = dense.get_weights()
    dense.set_weights([kernel * TARGET_SCALE, bias * TARGET_SCALE])


def seed_check(model):
    """[1,1,1] then [1,0,1] with the state carried is the six steps as one sequence: about 1,2,3,4,4,5."""
    steps = np.array([1, 1, 1, 1, 0, 1], dtype="float32").reshape(1, 6, 1)
    outputs = model.predict(steps, verbose=0).reshape(6)
    print("seed check:", ", ".join(f"{y:.3f}" for y in outputs))
    expected = np.cumsum(steps.reshape(6))
    if np.max(np.abs(outputs - expected)) > TOLERANCE:
        raise SystemExit(f"FAILED: the outputs are not within {TOLERANCE} of {expected.tolist()}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    model = build_model()
    train(model)
    seed_check(model)
    model.save(os.path.join(here, "running-count.keras"))
    model.save(os.path.join(here, "running-count.h5"))  # the legacy HDF5 format (Keras warns that it is legacy)


if __name__ == "__main__":
    main()
