"""The slides' first complete example: fit `y = k*x + b` by SGD on one point per step.

Scalar placeholders `x`, `y`; scalar variables `k`, `b` from `get_variable` (TF1's
default Glorot-uniform initializer); loss `(k*x + b - y)^2`; plain gradient descent.
"""

import dataclasses
from typing import NamedTuple, Optional

import tensorflow as tf

from tf1_compat.models import _validation
# The modes, re-exported for `build(hparams, <module>.EVAL)`.
from tf1_compat.models.modes import EVAL
from tf1_compat.models.modes import INFER
from tf1_compat.models.modes import TRAIN
from tf1_compat.models.modes import check_mode

_V1 = tf.compat.v1


@dataclasses.dataclass(frozen=True)
class HParams:
  """Reference configuration (slides 001, "a complete example")."""
  learning_rate: float = 0.5

  def __post_init__(self):
    _validation.check_hparams(self)


class Endpoints(NamedTuple):
  x: tf.Tensor
  y: tf.Tensor
  k: tf.Variable
  b: tf.Variable
  prediction: tf.Tensor
  loss: tf.Tensor
  train_op: Optional[tf.Operation]
  global_step: tf.Variable
  summaries: Optional[tf.Tensor]


def build(hparams=HParams(), mode=TRAIN, graph=None, reuse=None, scope=None,
          optimizer_wrapper=None):
  """Adds the model to `graph` (default: the current graph) and returns its endpoints.

  Args:
    hparams: an `HParams`.
    mode: `TRAIN` adds the SGD `train_op` and summaries; `EVAL` and `INFER`
      leave them None.
    graph: the `tf.Graph` to build into; None means the default graph.
    reuse: pass True (or `tf.AUTO_REUSE`) to share `k` and `b` with an earlier build.
    scope: an optional variable scope; None keeps the slides' top-level `k` and `b`.
    optimizer_wrapper: (`TRAIN`) `Optimizer -> Optimizer`, applied to the
      model's optimizer before it makes `train_op` (synchronous distributed
      training wraps it in `tf.compat.v1.train.SyncReplicasOptimizer`); None
      keeps the optimizer as it is.
  """
  check_mode(mode, "linear_regression.build")
  graph = graph or _V1.get_default_graph()
  with graph.as_default():
    global_step = _V1.train.get_or_create_global_step()
  with graph.as_default(), _V1.variable_scope(scope or "", reuse=reuse):
    x = _V1.placeholder(tf.float32, [], name="x")
    y = _V1.placeholder(tf.float32, [], name="y")
    k = _V1.get_variable("k", shape=[])
    b = _V1.get_variable("b", shape=[])
    prediction = k * x + b
    loss = tf.square(prediction - y, name="square_error")
    train_op = summaries = None
    if mode == TRAIN:
      optimizer = _V1.train.GradientDescentOptimizer(hparams.learning_rate)
      if optimizer_wrapper is not None:
        optimizer = optimizer_wrapper(optimizer)
      train_op = optimizer.minimize(loss, global_step=global_step)
      summaries = _V1.summary.merge([
          _V1.summary.scalar("loss", loss),
          _V1.summary.scalar("k", k),
          _V1.summary.scalar("b", b),
      ])
  return Endpoints(x=x, y=y, k=k, b=b, prediction=prediction, loss=loss,
                   train_op=train_op, global_step=global_step, summaries=summaries)
