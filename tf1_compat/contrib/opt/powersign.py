"""`PowerSignOptimizer` (Bello et al. 2017), as TF 1.15's contrib computed it."""

import math

import tensorflow as tf

from tf1_compat.contrib.opt import _sign_optimizer


class PowerSignOptimizer(_sign_optimizer.SignOptimizer):
  """`m <- beta*m + (1 - beta)*g`; `var -= lr * base^(sign_decay * sign(g) *
  sign(m)) * g`.

  Slot `m`. `sign_decay_fn(global_step)` (see `sign_decay`) scales the sign
  term; without it the decay is 1. Sparse gradients update all of `m` (the
  rows not in the batch decay) and only the touched rows of the variable.

  Args:
    learning_rate: The learning rate.
    base: The base of the exponent (e).
    beta: Decay of `m`.
    sign_decay_fn: A function of `global_step`, or None.
    use_locking: Use locks for the updates.
    name: Name prefix of the ops.
  """

  _EXTRA = "logbase"

  def __init__(self, learning_rate=0.1, base=math.e, beta=0.9,
               sign_decay_fn=None, use_locking=False,
               name="PowerSignOptimizer"):
    super().__init__(learning_rate, math.log(base), beta, sign_decay_fn,
                     use_locking, name)

  def _apply_dense(self, grad, var):
    return tf.raw_ops.ApplyPowerSign(
        **self._kernel_arguments(grad, var, handle=False)).op

  def _resource_apply_dense(self, grad, var):
    return tf.raw_ops.ResourceApplyPowerSign(
        **self._kernel_arguments(grad, var, handle=True))

  def _multiplier(self, extra, sign_decay, sign_gm):
    return tf.exp(extra * sign_decay * sign_gm)
