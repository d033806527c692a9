"""`AdamGSOptimizer`: Adam whose bias correction counts `global_step` instead
of keeping its own `beta1_power`/`beta2_power`, as TF 1.15's contrib did."""

import tensorflow as tf

from tf1_compat.contrib.opt import _adam_state

_V1 = tf.compat.v1


class AdamGSOptimizer(_V1.train.Optimizer):
  """Adam with `beta^t` computed from `t = global_step + 1`.

  Useful with several workers sharing one step counter. Slots `m` and `v`
  (Adam's names); no non-slot variables. The sparse update is Adam's (all of
  `m` and `v` decay). The `global_step` is read, never incremented here:
  `minimize(..., global_step=...)` increments it after the step.

  Args:
    global_step: The step counter (a variable or tensor).
    learning_rate: The learning rate.
    beta1: Decay of the first moment.
    beta2: Decay of the second moment.
    epsilon: Added to the denominator.
    use_locking: Use locks for the updates.
    name: Name prefix of the ops (`Adam`, as TF1).
  """

  def __init__(self, global_step=0, learning_rate=0.001, beta1=0.9,
               beta2=0.999, epsilon=1e-8, use_locking=False, name="Adam"):
    super().__init__(use_locking, name)
    self._lr = learning_rate
    self._beta1 = beta1
    self._beta2 = beta2
    self._epsilon = epsilon
    self._global_step = global_step
    self._global_step_on_worker = None
    self._lr_t = self._beta1_t = self._beta2_t = self._epsilon_t = None

  def _get_beta_accumulators(self):
    return (tf.pow(self._beta1_t, self._global_step_on_worker),
            tf.pow(self._beta2_t, self._global_step_on_worker))

  def _create_slots(self, var_list):
    for variable in var_list:
      self._zeros_slot(variable, "m", self._name)
      self._zeros_slot(variable, "v", self._name)

  def _prepare(self):
    self._lr_t = tf.convert_to_tensor(self._call_if_callable(self._lr),
                                      name="learning_rate")
    self._beta1_t = tf.convert_to_tensor(self._call_if_callable(self._beta1),
                                         name="beta1")
    self._beta2_t = tf.convert_to_tensor(self._call_if_callable(self._beta2),
                                         name="beta2")
    self._epsilon_t = tf.convert_to_tensor(
        self._call_if_callable(self._epsilon), name="epsilon")
    self._global_step_on_worker = tf.cast(
        tf.identity(self._global_step) + 1, tf.float32)

  def _dense(self, grad, var, apply_op, handle):
    hyper = _adam_state.hyperparameters(self, grad.dtype.base_dtype)
    slot = lambda name: (self.get_slot(var, name).handle if handle
                         else self.get_slot(var, name))
    return apply_op(
        var=var.handle if handle else var, m=slot("m"), v=slot("v"),
        beta1_power=hyper.beta1_power, beta2_power=hyper.beta2_power,
        lr=hyper.lr, beta1=hyper.beta1, beta2=hyper.beta2,
        epsilon=hyper.epsilon, grad=grad, use_locking=self._use_locking)

  def _apply_dense(self, grad, var):
    return self._dense(grad, var, tf.raw_ops.ApplyAdam, handle=False).op

  def _resource_apply_dense(self, grad, var):
    return self._dense(grad, var, tf.raw_ops.ResourceApplyAdam, handle=True)

  def _sparse(self, values, var, indices):
    hyper = _adam_state.hyperparameters(self, var.dtype.base_dtype)
    locking = self._use_locking
    m = self.get_slot(var, "m")
    v = self.get_slot(var, "v")
    m_t = _V1.assign(m, m * hyper.beta1, use_locking=locking)
    with tf.control_dependencies([m_t]):
      m_t = tf.convert_to_tensor(_V1.scatter_add(
          m, indices, values * (1 - hyper.beta1), use_locking=locking))
    v_t = _V1.assign(v, v * hyper.beta2, use_locking=locking)
    with tf.control_dependencies([v_t]):
      v_t = tf.convert_to_tensor(_V1.scatter_add(
          v, indices, values * values * (1 - hyper.beta2), use_locking=locking))
    var_update = _V1.assign_sub(
        var, hyper.bias_corrected_lr * m_t / (tf.sqrt(v_t) + hyper.epsilon),
        use_locking=locking)
    return tf.group(var_update, m_t, v_t)

  def _apply_sparse(self, grad, var):
    return self._sparse(grad.values, var, grad.indices)

  def _resource_apply_sparse(self, grad, var, indices):
    return self._sparse(grad, var, indices)
