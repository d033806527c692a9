"""The shared machinery of PowerSign and AddSign (Bello et al. 2017): slot `m`,
the sign-decay schedule, the dense kernels and the sparse update."""

import tensorflow as tf

_V1 = tf.compat.v1


class SignOptimizer(_V1.train.Optimizer):
  """`m <- beta*m + (1 - beta)*g`; `var -= lr * multiplier(sign(g)*sign(m)) * g`.

  Subclasses name their extra hyperparameter, its tensor, the kernels and the
  sparse multiplier.
  """

  _EXTRA = None  # (attribute, op name) of the extra hyperparameter.

  def __init__(self, learning_rate, extra, beta, sign_decay_fn, use_locking,
               name):
    super().__init__(use_locking, name)
    self._lr = learning_rate
    self._extra = extra
    self._beta = beta
    self._sign_decay_fn = sign_decay_fn
    self._lr_t = self._extra_t = self._beta_t = self._sign_decay_t = None

  def apply_gradients(self, grads_and_vars, global_step=None, name=None):
    if self._sign_decay_fn is not None:
      self._sign_decay_t = tf.convert_to_tensor(
          self._sign_decay_fn(global_step), name="sign_decay")
    return super().apply_gradients(grads_and_vars, global_step=global_step,
                                   name=name)

  def _create_slots(self, var_list):
    for variable in var_list:
      self._zeros_slot(variable, "m", self._name)

  def _prepare(self):
    self._lr_t = tf.convert_to_tensor(self._lr, name="learning_rate")
    self._beta_t = tf.convert_to_tensor(self._beta, name="beta")
    self._extra_t = tf.convert_to_tensor(self._extra, name=self._EXTRA)
    if self._sign_decay_fn is None:
      self._sign_decay_t = tf.convert_to_tensor(1.0, name="sign_decay")

  def _hyper(self, dtype):
    return tuple(tf.cast(t, dtype) for t in (
        self._lr_t, self._extra_t, self._sign_decay_t, self._beta_t))

  def _kernel_arguments(self, grad, var, handle):
    lr, extra, sign_decay, beta = self._hyper(var.dtype.base_dtype)
    m = self.get_slot(var, "m")
    return dict(var=var.handle if handle else var,
                m=m.handle if handle else m, lr=lr, sign_decay=sign_decay,
                beta=beta, grad=grad, use_locking=self._use_locking,
                **{self._EXTRA: extra})

  def _multiplier(self, extra, sign_decay, sign_gm):
    raise NotImplementedError

  def _sparse(self, values, var, indices):
    lr, extra, sign_decay, beta = self._hyper(var.dtype.base_dtype)
    m = self.get_slot(var, "m")
    dense_grad = tf.scatter_nd(tf.expand_dims(indices, 1), values,
                               tf.shape(var, out_type=indices.dtype))
    m_t = tf.convert_to_tensor(_V1.assign(m, m * beta + dense_grad * (1 - beta),
                                          use_locking=self._use_locking))
    sign_gm = tf.gather(tf.sign(m_t), indices) * tf.sign(values)
    update = lr * self._multiplier(extra, sign_decay, sign_gm) * values
    var_update = _V1.scatter_sub(var, indices, update,
                                 use_locking=self._use_locking)
    return tf.group(var_update, m_t)

  def _apply_sparse(self, grad, var):
    return self._sparse(grad.values, var, grad.indices)

  def _resource_apply_sparse(self, grad, var, indices):
    return self._sparse(grad, var, indices)
