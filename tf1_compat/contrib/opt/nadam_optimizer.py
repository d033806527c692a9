"""`NadamOptimizer` (Dozat 2015): Adam with Nesterov momentum, as TF 1.15's
contrib computed it."""

import tensorflow as tf

from tf1_compat.contrib.opt import _adam_state

_V1 = tf.compat.v1


class NadamOptimizer(_V1.train.AdamOptimizer):
  """Adam whose step uses the look-ahead moment `m_bar = (1 - beta1)*g +
  beta1*m_t` instead of `m_t`.

  Dense steps run Adam's fused kernel with `use_nesterov=True`. Slots `m`, `v`
  and `beta1_power`/`beta2_power` are Adam's. Arguments: those of
  `tf.compat.v1.train.AdamOptimizer`.
  """

  def _dense(self, grad, var, apply_op, handle):
    hyper = _adam_state.hyperparameters(self, grad.dtype.base_dtype)
    slot = lambda name: (self.get_slot(var, name).handle if handle
                         else self.get_slot(var, name))
    return apply_op(
        var=var.handle if handle else var, m=slot("m"), v=slot("v"),
        beta1_power=hyper.beta1_power, beta2_power=hyper.beta2_power,
        lr=hyper.lr, beta1=hyper.beta1, beta2=hyper.beta2,
        epsilon=hyper.epsilon, grad=grad, use_locking=self._use_locking,
        use_nesterov=True)

  def _apply_dense(self, grad, var):
    return self._dense(grad, var, tf.raw_ops.ApplyAdam, handle=False).op

  def _resource_apply_dense(self, grad, var):
    return self._dense(grad, var, tf.raw_ops.ResourceApplyAdam, handle=True)

  def _sparse(self, values, var, indices):
    hyper = _adam_state.hyperparameters(self, var.dtype.base_dtype)
    locking = self._use_locking
    m = self.get_slot(var, "m")
    v = self.get_slot(var, "v")
    m_scaled = values * (1 - hyper.beta1)
    m_t = _V1.assign(m, m * hyper.beta1, use_locking=locking)
    with tf.control_dependencies([m_t]):
      # The updated value: gathering from a resource variable's scatter
      # result would read the variable before the scatter ran.
      m_t = tf.convert_to_tensor(
          _V1.scatter_add(m, indices, m_scaled, use_locking=locking))
      m_bar = m_scaled + hyper.beta1 * tf.gather(m_t, indices)
    v_t = _V1.assign(v, v * hyper.beta2, use_locking=locking)
    with tf.control_dependencies([v_t]):
      v_t = tf.convert_to_tensor(_V1.scatter_add(
          v, indices, values * values * (1 - hyper.beta2), use_locking=locking))
    step = -hyper.bias_corrected_lr * m_bar / (
        tf.sqrt(tf.gather(v_t, indices)) + hyper.epsilon)
    var_update = _V1.scatter_add(var, indices, step, use_locking=locking)
    return tf.group(var_update, m_bar, v_t)

  def _apply_sparse(self, grad, var):
    return self._sparse(grad.values, var, grad.indices)

  def _resource_apply_sparse(self, grad, var, indices):
    return self._sparse(grad, var, indices)
