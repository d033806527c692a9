"""The optimizer a canned estimator trains with, from a name or an instance.

TF 1.15's v1 canned estimators take `optimizer` as one of the names below
(created at the estimator's default learning rate), a `tf.train.Optimizer`, or
a callable returning one (called in every graph the model is built in, so a
learning-rate schedule may use `tf.train.get_global_step()`).
"""

import tensorflow as tf

from tf1_compat.estimator import errors

_TRAIN = tf.compat.v1.train

OPTIMIZER_CLS_NAMES = {
    "Adagrad": _TRAIN.AdagradOptimizer,
    "Adam": _TRAIN.AdamOptimizer,
    "Ftrl": _TRAIN.FtrlOptimizer,
    "RMSProp": _TRAIN.RMSPropOptimizer,
    "SGD": _TRAIN.GradientDescentOptimizer,
}


def get_optimizer_instance(opt, learning_rate=None):
  """A `tf.compat.v1.train.Optimizer` for a canned estimator's `optimizer`.

  Args:
    opt: An optimizer name (`Adagrad`, `Adam`, `Ftrl`, `RMSProp`, `SGD`), a
      `tf.compat.v1.train.Optimizer`, or a callable returning one.
    learning_rate: The learning rate of an optimizer given by name.

  Returns:
    The optimizer.

  Raises:
    EstimatorValueError: an unknown name, a name without `learning_rate`, or
      something that is not an optimizer (TF 1.15's messages).
  """
  if isinstance(opt, str):
    if opt in OPTIMIZER_CLS_NAMES:
      if not learning_rate:
        raise errors.EstimatorValueError(
            "learning_rate must be specified when opt is string.")
      return OPTIMIZER_CLS_NAMES[opt](learning_rate=learning_rate)
    raise errors.EstimatorValueError(
        "Unsupported optimizer name: {}. Supported names are: {}".format(
            opt, tuple(sorted(OPTIMIZER_CLS_NAMES))))
  if callable(opt) and not isinstance(opt, _TRAIN.Optimizer):
    opt = opt()
  if not isinstance(opt, _TRAIN.Optimizer):
    raise errors.EstimatorValueError(
        "The given object is not an Optimizer instance. Given: {}".format(opt))
  return opt
