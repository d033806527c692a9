"""`LazyAdamGSOptimizer`: `AdamGSOptimizer` with LazyAdam's sparse update, as
TF 1.15's contrib computed it."""

from tf1_compat.contrib.opt import _adam_state
from tf1_compat.contrib.opt import adam_gs_optimizer
from tf1_compat.contrib.opt import lazy_adam_optimizer


class LazyAdamGSOptimizer(adam_gs_optimizer.AdamGSOptimizer):
  """Adam with `global_step`-based bias correction and lazy sparse updates
  (only the rows in the batch change). Slots `m`, `v`. Arguments: those of
  `AdamGSOptimizer`."""

  def _apply_sparse(self, grad, var):
    return lazy_adam_optimizer.lazy_adam_update(
        self, grad.values, var, grad.indices,
        _adam_state.hyperparameters(self, var.dtype.base_dtype))

  def _resource_apply_sparse(self, grad, var, indices):
    return lazy_adam_optimizer.lazy_adam_update(
        self, grad, var, indices,
        _adam_state.hyperparameters(self, var.dtype.base_dtype))
