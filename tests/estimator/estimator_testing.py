"""Shared fixtures for the tf.estimator tests: data, a linear model, a numpy oracle.

The model is linear regression `y = x w + b` (`w`: `[2, 1]`, `b`: `[1]`, both
starting at zero) trained by full-batch gradient descent on the mean squared
error, which `numpy_gradient_descent` replays in float64, step by step.
"""

import hashlib
import logging
import os

import numpy as np
import tensorflow as tf

from tf1_compat import estimator

V1 = tf.compat.v1
LEARNING_RATE = 0.5
SEED = 7

_RNG = np.random.RandomState(0)
X = _RNG.rand(25, 2).astype(np.float32)
TRUE_W = np.array([[2.0], [-1.0]], dtype=np.float32)
Y = (X @ TRUE_W + 0.5 + 0.05 * _RNG.randn(25, 1)).astype(np.float32)


def linear_model_fn(features, labels, mode, params):
  """`features["x"] @ w + b`; MSE loss; SGD at `params["learning_rate"]`."""
  w = V1.get_variable("w", [2, 1], initializer=V1.zeros_initializer())
  b = V1.get_variable("b", [1], initializer=V1.zeros_initializer())
  y = tf.matmul(features["x"], w) + b
  predictions = {"y": y, "double": 2.0 * y}
  if mode == estimator.ModeKeys.PREDICT:
    return estimator.EstimatorSpec(mode, predictions=predictions)
  loss = tf.reduce_mean(tf.square(y - labels))
  train_op = V1.train.GradientDescentOptimizer(
      params["learning_rate"]).minimize(
          loss, global_step=V1.train.get_global_step())
  return estimator.EstimatorSpec(
      mode, predictions=predictions, loss=loss, train_op=train_op,
      eval_metric_ops={"mae": V1.metrics.mean_absolute_error(labels, y)})


def config(**kwargs):
  kwargs.setdefault("tf_random_seed", SEED)
  return estimator.RunConfig(**kwargs)


def linear_estimator(model_dir, learning_rate=LEARNING_RATE, **kwargs):
  return estimator.Estimator(linear_model_fn, model_dir=str(model_dir),
                             config=config(**kwargs),
                             params={"learning_rate": learning_rate})


def full_batch_input_fn(x=X, y=Y):
  """Every batch is the whole data set, forever (so resuming sees the same data)."""
  return estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=len(x),
                                         num_epochs=None, shuffle=False)


def batches_input_fn(batch_size, x=X, y=Y):
  """One epoch, in order, in batches of `batch_size` (the last one partial)."""
  return estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=batch_size,
                                         num_epochs=1, shuffle=False)


def numpy_gradient_descent(steps, learning_rate=LEARNING_RATE, x=X, y=Y):
  """`(losses, w, b)`: the loss before each step, and the final parameters."""
  x = x.astype(np.float64)
  y = y.astype(np.float64)
  w = np.zeros((2, 1))
  b = np.zeros((1,))
  losses = []
  for _ in range(steps):
    error = x @ w + b - y
    losses.append(np.mean(error ** 2))
    w = w - learning_rate * 2.0 * x.T @ error / len(x)
    b = b - learning_rate * 2.0 * np.mean(error, axis=0)
  return np.array(losses), w, b


def predict_numpy(w, b, x=X):
  return x.astype(np.float64) @ w + b


class LossRecorder(V1.train.SessionRunHook):
  """Records the training loss of every step (the Estimator's `LOSSES` entry)."""

  def __init__(self):
    self.losses = []
    self._loss = None

  def begin(self):
    self._loss = V1.get_collection(V1.GraphKeys.LOSSES)[0]

  def before_run(self, run_context):
    return V1.train.SessionRunArgs(self._loss)

  def after_run(self, run_context, run_values):
    self.losses.append(run_values.results)


class FinalValues(V1.train.SessionRunHook):
  """The values of the named global variables when the session ends."""

  def __init__(self, names):
    self.names = names
    self.values = None
    self._variables = None

  def begin(self):
    by_name = {v.op.name: v for v in V1.global_variables()}
    self._variables = [by_name[n] for n in self.names]

  def end(self, session):
    self.values = dict(zip(self.names, session.run(self._variables)))


def snapshot(directory):
  """`{relative path: (size, sha256)}` of every file under `directory`."""
  files = {}
  for root, _, names in os.walk(directory):
    for name in names:
      path = os.path.join(root, name)
      with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
      files[os.path.relpath(path, directory)] = (os.path.getsize(path), digest)
  return files


def summaries(directory):
  """`{tag: {step: value}}` from the event files in `directory` (not below).

  Scalars give their float; string tensors (`checkpoint_path`) their text.
  """
  V1.summary.FileWriterCache.clear()
  found = {}
  for name in sorted(os.listdir(directory)):
    if not name.startswith("events.out.tfevents"):
      continue
    for event in V1.train.summary_iterator(os.path.join(directory, name)):
      for value in event.summary.value:
        if value.HasField("simple_value"):
          item = value.simple_value
        elif value.HasField("tensor"):
          item = tf.make_ndarray(value.tensor)
          if item.dtype == object:
            item = item.item().decode("utf-8")
        else:
          continue
        found.setdefault(value.tag, {})[event.step] = item
  return found


class TfLogRecords(logging.Handler):
  """Collects the messages TensorFlow's logger (`tf.logging`) emits."""

  def __init__(self):
    super().__init__(level=logging.DEBUG)
    self.messages = []

  def emit(self, record):
    self.messages.append(record.getMessage())

  def matching(self, text):
    return [m for m in self.messages if text in m]
