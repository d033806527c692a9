"""Step time of our cells and layers against TF1's legacy implementation.

Both sides build the same graph (forward and backward of `dynamic_rnn` over each
cell, and a small tf.layers CNN) and time `session.run` of the training step. The
legacy side runs in a subprocess with `TF_USE_LEGACY_KERAS=1` (needs tf-keras, the
test extra); the two alternate round by round so that machine drift hits both, and
the ratio ours/legacy per round is reported with its median.

  python -m benchmarks.cell_speed [--rounds=3] [--steps=200]
"""

import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

CASES = ("basic_lstm", "lstm_peephole_proj", "gru", "multi_lstm", "cnn")
BATCH, TIME, DEPTH, UNITS = 32, 50, 64, 128


def _build(name):
  """Builds case `name` with the API of this process; returns the train op."""
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  if os.environ.get("TF_USE_LEGACY_KERAS") == "1":
    cells, layers = tf.compat.v1.nn.rnn_cell, tf.compat.v1.layers
  else:
    from tf1_compat import layers  # pylint: disable=import-outside-toplevel
    from tf1_compat import rnn as cells  # pylint: disable=import-outside-toplevel
  v1 = tf.compat.v1
  if name == "cnn":
    x = tf.constant(np.random.default_rng(0).random([64, 28, 28, 1]), tf.float32)
    h = layers.conv2d(x, 32, 5, padding="same", activation=tf.nn.relu)
    h = layers.max_pooling2d(h, 2, 2)
    h = layers.conv2d(h, 64, 5, padding="same", activation=tf.nn.relu)
    h = layers.max_pooling2d(h, 2, 2)
    h = layers.dense(layers.flatten(h), 256, activation=tf.nn.relu)
    loss = tf.reduce_mean(tf.square(layers.dense(h, 10)))
  else:
    make = {
        "basic_lstm": lambda: cells.BasicLSTMCell(UNITS),
        "lstm_peephole_proj": lambda: cells.LSTMCell(UNITS, use_peepholes=True,
                                                     num_proj=UNITS // 2),
        "gru": lambda: cells.GRUCell(UNITS),
        "multi_lstm": lambda: cells.MultiRNNCell(
            [cells.BasicLSTMCell(UNITS) for _ in range(2)]),
    }[name]
    x = tf.constant(np.random.default_rng(0).normal(size=[BATCH, TIME, DEPTH]),
                    tf.float32)
    outputs, _ = v1.nn.dynamic_rnn(make(), x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs))
  return v1.train.GradientDescentOptimizer(0.01).minimize(loss)


def time_cases(steps):
  """Seconds per step for every case, in this process's implementation."""
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  results = {}
  for name in CASES:
    graph = tf.Graph()
    with graph.as_default():
      train_op = _build(name)
      init = tf.compat.v1.global_variables_initializer()
    with tf.compat.v1.Session(graph=graph) as session:
      session.run(init)
      for _ in range(10):
        session.run(train_op)
      start = time.perf_counter()
      for _ in range(steps):
        session.run(train_op)
      results[name] = (time.perf_counter() - start) / steps
  return results


def _measure(legacy, steps):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
  env.pop("TF_USE_LEGACY_KERAS", None)
  if legacy:
    env["TF_USE_LEGACY_KERAS"] = "1"
  root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
  env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
  out = subprocess.run([sys.executable, "-m", "benchmarks.cell_speed", "--child",
                        str(steps)], env=env, cwd=root, capture_output=True,
                       text=True, check=True)
  return json.loads(out.stdout.strip().splitlines()[-1])


def main(args):
  rounds = int(next((a.split("=")[1] for a in args if a.startswith("--rounds=")), 3))
  steps = int(next((a.split("=")[1] for a in args if a.startswith("--steps=")), 200))
  ratios = {name: [] for name in CASES}
  ours_ms = {name: [] for name in CASES}
  legacy_ms = {name: [] for name in CASES}
  for _ in range(rounds):
    ours = _measure(False, steps)
    legacy = _measure(True, steps)
    for name in CASES:
      ratios[name].append(ours[name] / legacy[name])
      ours_ms[name].append(ours[name] * 1e3)
      legacy_ms[name].append(legacy[name] * 1e3)
  print("| case | ours ms/step (median) | TF1 legacy ms/step (median) | "
        "ratio ours/legacy per round | median ratio |")
  print("|---|---|---|---|---|")
  for name in CASES:
    print("| %s | %.2f | %.2f | %s | %.3f |" % (
        name, statistics.median(ours_ms[name]), statistics.median(legacy_ms[name]),
        ", ".join("%.3f" % r for r in ratios[name]), statistics.median(ratios[name])))


if __name__ == "__main__":
  if len(sys.argv) > 2 and sys.argv[1] == "--child":
    print(json.dumps(time_cases(int(sys.argv[2]))))
  else:
    main(sys.argv[1:])
