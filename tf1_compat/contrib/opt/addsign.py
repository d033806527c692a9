"""`AddSignOptimizer` (Bello et al. 2017), as TF 1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.contrib.opt import _sign_optimizer


class AddSignOptimizer(_sign_optimizer.SignOptimizer):
  """`m <- beta*m + (1 - beta)*g`; `var -= lr * (alpha + sign_decay * sign(g) *
  sign(m)) * g`.

  Slot `m`. `sign_decay_fn(global_step)` (see `sign_decay`) scales the sign
  term; without it the decay is 1. Sparse gradients update all of `m` (the
  rows not in the batch decay) and only the touched rows of the variable.

  Args:
    learning_rate: The learning rate.
    alpha: The constant term of the multiplier.
    beta: Decay of `m`.
    sign_decay_fn: A function of `global_step`, or None.
    use_locking: Use locks for the updates.
    name: Name prefix of the ops.
  """

  _EXTRA = "alpha"

  def __init__(self, learning_rate=0.1, alpha=1.0, beta=0.9,
               sign_decay_fn=None, use_locking=False, name="AddSignOptimizer"):
    super().__init__(learning_rate, alpha, beta, sign_decay_fn, use_locking,
                     name)

  def _apply_dense(self, grad, var):
    return tf.raw_ops.ApplyAddSign(
        **self._kernel_arguments(grad, var, handle=False)).op

  def _resource_apply_dense(self, grad, var):
    return tf.raw_ops.ResourceApplyAddSign(
        **self._kernel_arguments(grad, var, handle=True))

  def _multiplier(self, extra, sign_decay, sign_gm):
    return extra + sign_decay * sign_gm
