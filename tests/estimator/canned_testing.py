"""Shared fixtures of the canned-estimator tests, after TF 1.15's testing utils.

TF 1.15's canned tests fix a model's weights by writing a checkpoint of plain
variables under the model's variable names (and `global_step`) into the
model_dir the estimator then restores; `save_checkpoint` does the same, and
the variable-name constants are TF 1.15's.
"""

import os

import numpy as np
import tensorflow as tf

V1 = tf.compat.v1

AGE_WEIGHT_NAME = "linear/linear_model/age/weights"
HEIGHT_WEIGHT_NAME = "linear/linear_model/height/weights"
LANGUAGE_WEIGHT_NAME = "linear/linear_model/language/weights"
LINEAR_BIAS_NAME = "linear/linear_model/bias_weights"
HIDDEN_WEIGHTS_NAME_PATTERN = "dnn/hiddenlayer_%d/kernel"
HIDDEN_BIASES_NAME_PATTERN = "dnn/hiddenlayer_%d/bias"
BATCH_NORM_NAME_PATTERN = "dnn/hiddenlayer_%d/batchnorm_%d/%s"
LOGITS_WEIGHTS_NAME = "dnn/logits/kernel"
LOGITS_BIASES_NAME = "dnn/logits/bias"
BASELINE_BIAS_NAME = "baseline/bias"

# TF 1.15's `dnn_testing_utils` network: one input, hidden units (2, 2), one
# logit; input 10 gives hidden [6.1, 4.9], then [2.38, 0], logit -2.08.
DNN_ONE_DIM = (([[.6, .5]], [.1, -.1]), ([[1., .8], [-.8, -1.]], [.2, -.2]),
               ([[-1.], [1.]], [.3]))
# Two inputs, hidden (2, 2), three logits; input [10, 8] gives logits
# [-0.48, 0.48, 0.39].
DNN_MULTI_DIM = (([[.6, .5], [-.6, -.5]], [.1, -.1]),
                 ([[1., .8], [-.8, -1.]], [.2, -.2]),
                 ([[-1., 1., .5], [-1., 1., .5]], [.3, -.3, .0]))


def save_checkpoint(model_dir, values, global_step=100):
  """Writes `{variable name: value}` and `global_step` as `model.ckpt-<step>`.

  Returns:
    The checkpoint path.
  """
  with tf.Graph().as_default():
    for name, value in values.items():
      V1.Variable(np.asarray(value, dtype=np.float32), name=name)
    step = V1.Variable(global_step, name=V1.GraphKeys.GLOBAL_STEP,
                       dtype=tf.int64)
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      return V1.train.Saver().save(
          session, os.path.join(str(model_dir), "model.ckpt"),
          global_step=session.run(step))


def dnn_values(weights_and_biases):
  """`{name: value}` of a DNN given as `((kernel, bias), ...)`, logits last."""
  values = {}
  *hidden, (logits_kernel, logits_bias) = weights_and_biases
  for i, (kernel, bias) in enumerate(hidden):
    values[HIDDEN_WEIGHTS_NAME_PATTERN % i] = kernel
    values[HIDDEN_BIASES_NAME_PATTERN % i] = bias
  values[LOGITS_WEIGHTS_NAME] = logits_kernel
  values[LOGITS_BIASES_NAME] = logits_bias
  return values


def checkpoint_shapes(model_dir):
  return dict(tf.train.list_variables(str(model_dir)))


class LossHook(V1.train.SessionRunHook):
  """Records the training loss of every step (the spec's loss)."""

  def __init__(self):
    self.losses = []
    self._loss = None

  def begin(self):
    # The Estimator adds the spec's loss last, after the head's own losses.
    self._loss = V1.get_collection(V1.GraphKeys.LOSSES)[-1]

  def before_run(self, run_context):
    return V1.train.SessionRunArgs(self._loss)

  def after_run(self, run_context, run_values):
    self.losses.append(float(run_values.results))


class SummaryHook(V1.train.SessionRunHook):
  """Records `{tag: simple value}` of the merged summaries at every step."""

  def __init__(self):
    self.summaries = []
    self._summary_op = None

  def begin(self):
    self._summary_op = V1.summary.merge_all()

  def before_run(self, run_context):
    return V1.train.SessionRunArgs(self._summary_op)

  def after_run(self, run_context, run_values):
    summary = V1.Summary.FromString(run_values.results)
    self.summaries.append({v.tag: v.simple_value for v in summary.value
                           if v.HasField("simple_value")})

  @property
  def tags(self):
    return set().union(*[set(s) for s in self.summaries])


def sigmoid(x):
  return 1. / (1. + np.exp(-np.asarray(x, dtype=np.float64)))


def softmax(logits):
  logits = np.asarray(logits, dtype=np.float64)
  exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
  return exp / exp.sum(axis=-1, keepdims=True)


def dnn_numpy(x, weights_and_biases, activation=lambda v: np.maximum(v, 0.)):
  """The logits of a relu DNN given as `((kernel, bias), ...)`, in float64."""
  net = np.asarray(x, dtype=np.float64)
  *hidden, (kernel, bias) = weights_and_biases
  for w, b in hidden:
    net = activation(net @ np.asarray(w) + np.asarray(b))
  return net @ np.asarray(kernel) + np.asarray(bias)


def serialized_examples(columns):
  """Serialized `tf.train.Example`s from `{key: list of per-example values}`.

  Floats become `float_list`s, ints `int64_list`s, strings `bytes_list`s; a
  scalar per example is wrapped in a list.
  """
  keys = sorted(columns)
  count = len(columns[keys[0]])
  serialized = []
  for i in range(count):
    feature = {}
    for key in keys:
      values = np.atleast_1d(columns[key][i])
      if values.dtype.kind == "f":
        feature[key] = tf.train.Feature(
            float_list=tf.train.FloatList(value=values))
      elif values.dtype.kind in "iu":
        feature[key] = tf.train.Feature(
            int64_list=tf.train.Int64List(value=values))
      else:
        feature[key] = tf.train.Feature(bytes_list=tf.train.BytesList(
            value=[str(v).encode() for v in values]))
    serialized.append(tf.train.Example(
        features=tf.train.Features(feature=feature)).SerializeToString())
  return serialized


def serve(export_dir, feeds):
  """Loads a SavedModel and runs signatures: `{key: {output: value}}`.

  Args:
    export_dir: The export directory (bytes or str).
    feeds: `{signature key: {input key: value}}`.

  Returns:
    The outputs per signature, and the sorted signature keys.
  """
  results = {}
  with tf.Graph().as_default(), V1.Session() as session:
    meta_graph = V1.saved_model.loader.load(
        session, [V1.saved_model.tag_constants.SERVING],
        os.fsdecode(export_dir))
    for key, feed in feeds.items():
      signature = meta_graph.signature_def[key]
      results[key] = session.run(
          {k: v.name for k, v in signature.outputs.items()},
          {signature.inputs[k].name: v for k, v in feed.items()})
  return results, sorted(meta_graph.signature_def)


def numeric_gradient(loss_fn, params, eps=1e-6):
  """Central differences of `loss_fn(list of float64 arrays)` per parameter."""
  gradients = []
  for i, value in enumerate(params):
    gradient = np.zeros_like(value)
    for index in np.ndindex(value.shape):
      shifted = [p.copy() for p in params]
      shifted[i][index] += eps
      up = loss_fn(shifted)
      shifted[i][index] -= 2 * eps
      gradient[index] = (up - loss_fn(shifted)) / (2 * eps)
    gradients.append(gradient)
  return gradients


def ftrl_step(weight, accumulator, linear, gradient, learning_rate):
  """One `tf.train.FtrlOptimizer` step (learning-rate power -0.5, no l1/l2).

  Returns:
    `(weight, accumulator, linear)` after the step.
  """
  new_accumulator = accumulator + gradient ** 2
  sigma = (np.sqrt(new_accumulator) - np.sqrt(accumulator)) / learning_rate
  new_linear = linear + gradient - sigma * weight
  return (-new_linear * learning_rate / np.sqrt(new_accumulator),
          new_accumulator, new_linear)
