"""The slides' LeNet-style MNIST CNN, and classic LeNet-5 as an alternative.

`slides` (the reference): input `[None, 784]` reshaped to `[-1, 28, 28, 1]`;
conv 5x5x32 SAME + ReLU + 2x2 max-pool; conv 5x5x64 SAME + ReLU + 2x2 max-pool;
flatten `7*7*64`; fc 1024 ReLU; dropout; fc 10 (linear logits). Weights
`truncated_normal(stddev=0.1)`, biases 0.1, each layer in its own variable scope
(`conv1`, `conv2`, `fc1`, `fc2`) inside `CNN`, with variables `weights` and `biases`.
The slides' helper also put a ReLU on the final logits; that clipped logits at zero
and is not reproduced.

`lenet5`: conv 5x5x6 SAME (28x28 input instead of LeCun's padded 32x32) + ReLU +
pool; conv 5x5x16 VALID + ReLU + pool; fc 120, fc 84 (ReLU), dropout, fc 10.
"""

import dataclasses
from typing import Literal, NamedTuple, Optional

import tensorflow as tf

from tf1_compat.models import _validation
# The modes, re-exported for `build(hparams, <module>.EVAL)`.
from tf1_compat.models.modes import EVAL
from tf1_compat.models.modes import INFER
from tf1_compat.models.modes import TRAIN
from tf1_compat.models.modes import check_mode

_V1 = tf.compat.v1

IMAGE_SIZE = 28
NUM_PIXELS = IMAGE_SIZE * IMAGE_SIZE
NUM_CLASSES = 10
WEIGHTS = "weights"
BIASES = "biases"


@dataclasses.dataclass(frozen=True)
class HParams:
  """Reference configuration (slides 001, MNIST CNN)."""
  architecture: Literal["slides", "lenet5"] = "slides"
  learning_rate: float = 1e-4
  batch_size: int = 50
  keep_prob: float = 0.5
  weight_stddev: float = 0.1
  bias_init: float = dataclasses.field(
      default=0.1, metadata={"any_sign": True,
                             "help": "initial value of every bias"})

  def __post_init__(self):
    _validation.check_hparams(self)


class Endpoints(NamedTuple):
  images: tf.Tensor        # `[None, 784]` float32 in [0, 1].
  labels: tf.Tensor        # `[None, 10]` one-hot.
  keep_prob: tf.Tensor     # Scalar; defaults to 1.0 (evaluation).
  logits: tf.Tensor
  probabilities: tf.Tensor
  predictions: tf.Tensor   # `[None]` int64 class ids.
  loss: tf.Tensor
  n_correct: tf.Tensor
  accuracy: tf.Tensor
  train_op: Optional[tf.Operation]
  global_step: tf.Variable
  summaries: Optional[tf.Tensor]


def _variables(hparams, kernel_shape):
  weights = _V1.get_variable(
      WEIGHTS, kernel_shape,
      initializer=_V1.truncated_normal_initializer(stddev=hparams.weight_stddev))
  biases = _V1.get_variable(
      BIASES, kernel_shape[-1:],
      initializer=_V1.constant_initializer(hparams.bias_init))
  return weights, biases


def _conv_pool(hparams, x, filters, padding, scope):
  with _V1.variable_scope(scope):
    depth = x.shape[-1]
    weights, biases = _variables(hparams, [5, 5, depth, filters])
    conv = tf.nn.conv2d(x, weights, strides=[1, 1, 1, 1], padding=padding)
    activated = tf.nn.relu(conv + biases)
    return tf.nn.max_pool2d(activated, ksize=2, strides=2, padding="SAME")


def _fully_connected(hparams, x, units, scope, activation=tf.nn.relu):
  with _V1.variable_scope(scope):
    weights, biases = _variables(hparams, [x.shape[-1], units])
    z = tf.matmul(x, weights) + biases
    return activation(z) if activation else z


def _dropout(x, keep_prob, global_step):
  """Dropout whose mask depends only on (graph seed, global step).

  A stateless op instead of the slides' `tf.nn.dropout`: same distribution and
  scaling, but a run resumed from a checkpoint at step `n` draws exactly the masks
  an uninterrupted run draws, because the mask is keyed on the step, not on how
  many times the op has run in this session.
  """
  seed = tf.stack([tf.constant(_V1.get_default_graph().seed or 0, tf.int64),
                   tf.cast(global_step, tf.int64)])
  return tf.nn.experimental.stateless_dropout(x, rate=1.0 - keep_prob, seed=seed)


def _slides(hparams, images, keep_prob, global_step):
  conv1 = _conv_pool(hparams, images, 32, "SAME", "conv1")
  conv2 = _conv_pool(hparams, conv1, 64, "SAME", "conv2")
  flat = tf.reshape(conv2, [-1, 7 * 7 * 64])
  fc1 = _fully_connected(hparams, flat, 1024, "fc1")
  dropped = _dropout(fc1, keep_prob, global_step)
  return _fully_connected(hparams, dropped, NUM_CLASSES, "fc2", activation=None)


def _lenet5(hparams, images, keep_prob, global_step):
  conv1 = _conv_pool(hparams, images, 6, "SAME", "conv1")
  conv2 = _conv_pool(hparams, conv1, 16, "VALID", "conv2")
  flat = tf.reshape(conv2, [-1, 5 * 5 * 16])
  fc1 = _fully_connected(hparams, flat, 120, "fc1")
  fc2 = _fully_connected(hparams, fc1, 84, "fc2")
  dropped = _dropout(fc2, keep_prob, global_step)
  return _fully_connected(hparams, dropped, NUM_CLASSES, "fc3", activation=None)


_ARCHITECTURES = {"slides": _slides, "lenet5": _lenet5}


def build(hparams=HParams(), mode=TRAIN, graph=None, reuse=None, scope="CNN",
          optimizer_wrapper=None):
  """Adds the CNN to `graph` (default: the current one) and returns its endpoints.

  Args:
    hparams: an `HParams`.
    mode: `TRAIN` adds the Adam `train_op` and summaries; `EVAL` and `INFER`
      leave them None.
    graph: the `tf.Graph` to build into; None means the default graph.
    reuse: True (or `tf.AUTO_REUSE`) shares the weights of an earlier build under
      the same `scope`, e.g. for a separate evaluation graph.
    scope: the outer variable scope (`CNN` in the slides).
    optimizer_wrapper: (`TRAIN`) `Optimizer -> Optimizer`, applied to the
      model's optimizer before it makes `train_op` (synchronous distributed
      training wraps it in `tf.compat.v1.train.SyncReplicasOptimizer`); None
      keeps the optimizer as it is.
  """
  check_mode(mode, "lenet.build")
  graph = graph or _V1.get_default_graph()
  with graph.as_default():
    global_step = _V1.train.get_or_create_global_step()
  with graph.as_default(), _V1.variable_scope(scope, reuse=reuse):
    images = _V1.placeholder(tf.float32, [None, NUM_PIXELS], name="images")
    labels = _V1.placeholder(tf.float32, [None, NUM_CLASSES], name="labels")
    keep_prob = _V1.placeholder_with_default(1.0, [], name="keep_prob")
    image_grid = tf.reshape(images, [-1, IMAGE_SIZE, IMAGE_SIZE, 1])
    logits = _ARCHITECTURES[hparams.architecture](hparams, image_grid, keep_prob,
                                                  global_step)
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    probabilities = tf.nn.softmax(logits)
    predictions = tf.argmax(logits, 1)
    correct = tf.cast(tf.equal(predictions, tf.argmax(labels, 1)), tf.float32)
    n_correct = tf.reduce_sum(correct)
    accuracy = tf.reduce_mean(correct)
    train_op = summaries = None
    if mode == TRAIN:
      optimizer = _V1.train.AdamOptimizer(hparams.learning_rate)
      if optimizer_wrapper is not None:
        optimizer = optimizer_wrapper(optimizer)
      train_op = optimizer.minimize(loss, global_step=global_step)
      summaries = _V1.summary.merge([
          _V1.summary.scalar("loss", loss),
          _V1.summary.scalar("batch_accuracy", accuracy),
          _V1.summary.image("inputs", image_grid, max_outputs=4),
      ] + [_V1.summary.histogram(v.op.name, v)
           for v in _V1.trainable_variables(scope=_V1.get_variable_scope().name)])
  return Endpoints(images=images, labels=labels, keep_prob=keep_prob,
                   logits=logits, probabilities=probabilities,
                   predictions=predictions, loss=loss, n_correct=n_correct,
                   accuracy=accuracy, train_op=train_op, global_step=global_step,
                   summaries=summaries)
