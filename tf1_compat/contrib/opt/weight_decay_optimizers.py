"""Decoupled weight decay (Loshchilov and Hutter 2017): `AdamWOptimizer`,
`MomentumWOptimizer` and `extend_with_decoupled_weight_decay`, as TF 1.15's
contrib computed them."""

import tensorflow as tf

_V1 = tf.compat.v1


class DecoupledWeightDecayExtension:
  """Mixin that decays each variable by `weight_decay * var` before the base
  optimizer's step (so the decay is not scaled by the learning rate or Adam's
  moments, unlike an L2 loss).

  Put it first among the bases: `class AdamW(DecoupledWeightDecayExtension,
  tf.compat.v1.train.AdamOptimizer)`. `minimize` and `apply_gradients` take an
  extra `decay_var_list`: only those variables are decayed (all when it is
  None or empty). The decay is applied before the update, so it suits
  optimizers whose step does not read the variable itself. Sparse gradients
  decay only the rows they touch. `weight_decay` may be a float, a tensor or a
  callable returning either (evaluated once per `apply_gradients`; TF1 failed
  on a callable, this one does not). A learning-rate schedule does not apply
  to it: scale it yourself.
  """

  def __init__(self, weight_decay, *args, **kwargs):
    self._decay_var_list = None
    self._weight_decay = weight_decay
    self._weight_decay_tensor = None
    super().__init__(*args, **kwargs)

  def _set_decay_var_list(self, decay_var_list):
    self._decay_var_list = ({v.ref() for v in decay_var_list}
                            if decay_var_list else None)

  def minimize(self, loss, global_step=None, var_list=None,
               gate_gradients=_V1.train.Optimizer.GATE_OP,
               aggregation_method=None, colocate_gradients_with_ops=False,
               name=None, grad_loss=None, decay_var_list=None):
    """`Optimizer.minimize`, decaying `decay_var_list` (default: every
    variable updated)."""
    self._set_decay_var_list(decay_var_list)
    return super().minimize(
        loss, global_step=global_step, var_list=var_list,
        gate_gradients=gate_gradients, aggregation_method=aggregation_method,
        colocate_gradients_with_ops=colocate_gradients_with_ops, name=name,
        grad_loss=grad_loss)

  def apply_gradients(self, grads_and_vars, global_step=None, name=None,
                      decay_var_list=None):
    """`Optimizer.apply_gradients`, decaying `decay_var_list` (default: every
    variable updated)."""
    self._set_decay_var_list(decay_var_list)
    return super().apply_gradients(grads_and_vars, global_step=global_step,
                                   name=name)

  def _prepare(self):
    weight_decay = self._weight_decay
    if callable(weight_decay):
      weight_decay = weight_decay()
    self._weight_decay_tensor = tf.convert_to_tensor(weight_decay,
                                                     name="weight_decay")
    super()._prepare()

  def _decays(self, var):
    return self._decay_var_list is None or var.ref() in self._decay_var_list

  def _decay(self, var):
    return tf.cast(self._weight_decay_tensor, var.dtype.base_dtype)

  def _decay_weights_op(self, var):
    if self._decays(var):
      return _V1.assign_sub(var, self._decay(var) * var,
                            use_locking=self._use_locking)
    return tf.no_op()

  def _decay_weights_sparse_op(self, var, indices):
    if self._decays(var):
      return _V1.scatter_add(var, indices,
                             -self._decay(var) * tf.gather(var, indices),
                             use_locking=self._use_locking)
    return tf.no_op()

  def _apply_dense(self, grad, var):
    with tf.control_dependencies([self._decay_weights_op(var)]):
      return super()._apply_dense(grad, var)

  def _resource_apply_dense(self, grad, var):
    with tf.control_dependencies([self._decay_weights_op(var)]):
      return super()._resource_apply_dense(grad, var)

  def _apply_sparse(self, grad, var):
    with tf.control_dependencies([self._decay_weights_sparse_op(
        var, grad.indices)]):
      return super()._apply_sparse(grad, var)

  def _resource_apply_sparse(self, grad, var, indices):
    with tf.control_dependencies([self._decay_weights_sparse_op(var,
                                                                indices)]):
      return super()._resource_apply_sparse(grad, var, indices)


def extend_with_decoupled_weight_decay(base_optimizer):
  """A subclass of `base_optimizer` with decoupled weight decay.

  The new class takes `weight_decay` as its first argument, then
  `base_optimizer`'s; `minimize`/`apply_gradients` accept `decay_var_list`.
  `extend_with_decoupled_weight_decay(tf.train.AdamOptimizer)` is
  `AdamWOptimizer`.

  Args:
    base_optimizer: A `tf.compat.v1.train.Optimizer` subclass.

  Returns:
    The class `OptimizerWithDecoupledWeightDecay`.
  """
  if not (isinstance(base_optimizer, type)
          and issubclass(base_optimizer, _V1.train.Optimizer)):
    raise TypeError("extend_with_decoupled_weight_decay: base_optimizer must "
                    "be a tf.compat.v1.train.Optimizer subclass, got %r"
                    % (base_optimizer,))

  class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension,
                                          base_optimizer):
    """`base_optimizer` with decoupled weight decay (see
    `DecoupledWeightDecayExtension`)."""

    def __init__(self, weight_decay, *args, **kwargs):
      super().__init__(weight_decay, *args, **kwargs)

  return OptimizerWithDecoupledWeightDecay


class MomentumWOptimizer(DecoupledWeightDecayExtension,
                         _V1.train.MomentumOptimizer):
  """`tf.compat.v1.train.MomentumOptimizer` with decoupled weight decay (SGDW).

  Slot `momentum`, as Momentum's.

  Args:
    weight_decay: The decay factor (float, tensor or callable).
    learning_rate: The learning rate.
    momentum: The momentum.
    use_locking: Use locks for the updates.
    name: Name prefix of the ops (`MomentumW`).
    use_nesterov: Use Nesterov momentum.
  """

  def __init__(self, weight_decay, learning_rate, momentum, use_locking=False,
               name="MomentumW", use_nesterov=False):
    super().__init__(weight_decay, learning_rate=learning_rate,
                     momentum=momentum, use_locking=use_locking, name=name,
                     use_nesterov=use_nesterov)


class AdamWOptimizer(DecoupledWeightDecayExtension, _V1.train.AdamOptimizer):
  """`tf.compat.v1.train.AdamOptimizer` with decoupled weight decay (AdamW).

  Slots `m`, `v` and `beta1_power`/`beta2_power`, as Adam's.

  Args:
    weight_decay: The decay factor (float, tensor or callable).
    learning_rate: The learning rate.
    beta1: Decay of the first moment.
    beta2: Decay of the second moment.
    epsilon: Added to the denominator.
    use_locking: Use locks for the updates.
    name: Name prefix of the ops (`AdamW`).
  """

  def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9,
               beta2=0.999, epsilon=1e-8, use_locking=False, name="AdamW"):
    super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1,
                     beta2=beta2, epsilon=epsilon, use_locking=use_locking,
                     name=name)
