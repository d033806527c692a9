"""`LazyAdamOptimizer`: Adam whose sparse updates touch only the rows in the
batch, as TF 1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.contrib.opt import _adam_state

_V1 = tf.compat.v1


def lazy_adam_update(optimizer, values, var, indices, hyper):
  """The lazy sparse Adam step of rows `indices` (unique) of `var`.

  Only those rows of `m`, `v` and `var` change: `m[i] = beta1*m[i] +
  (1 - beta1)*g`, `v[i] = beta2*v[i] + (1 - beta2)*g^2`, `var[i] -= lr_t *
  m[i] / (sqrt(v[i]) + epsilon)`.
  """
  locking = optimizer._use_locking  # pylint: disable=protected-access
  m = optimizer.get_slot(var, "m")
  v = optimizer.get_slot(var, "v")
  m_slice = hyper.beta1 * tf.gather(m, indices) + (1 - hyper.beta1) * values
  v_slice = (hyper.beta2 * tf.gather(v, indices)
             + (1 - hyper.beta2) * tf.square(values))
  m_t = _V1.scatter_update(m, indices, m_slice, use_locking=locking)
  v_t = _V1.scatter_update(v, indices, v_slice, use_locking=locking)
  step = hyper.bias_corrected_lr * m_slice / (tf.sqrt(v_slice) + hyper.epsilon)
  var_update = _V1.scatter_sub(var, indices, step, use_locking=locking)
  return tf.group(var_update, m_t, v_t)


class LazyAdamOptimizer(_V1.train.AdamOptimizer):
  """Adam (TF 1.15's `tf.contrib.opt.LazyAdamOptimizer`) with lazy sparse steps.

  Dense gradients get Adam's exact update. Sparse ones (an `IndexedSlices`,
  e.g. from `embedding_lookup`) update the moments and the variable only at the
  rows the batch touched, so rows not in the batch keep stale moments instead
  of decaying them, which differs from Adam on purpose. Slots `m`, `v` and the
  `beta1_power`/`beta2_power` variables are Adam's (same checkpoint names).

  Args: those of `tf.compat.v1.train.AdamOptimizer` (`learning_rate=0.001,
  beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False, name="Adam"`).
  """

  def _apply_sparse(self, grad, var):
    return lazy_adam_update(
        self, grad.values, var, grad.indices,
        _adam_state.hyperparameters(self, var.dtype.base_dtype))

  def _resource_apply_sparse(self, grad, var, indices):
    return lazy_adam_update(
        self, grad, var, indices,
        _adam_state.hyperparameters(self, var.dtype.base_dtype))
