"""The per-step hyperparameters of the Adam family, read in one place.

LazyAdam, Nadam and AdamW extend `tf.compat.v1.train.AdamOptimizer` as TF 1.15's
contrib did, so their slots (`m`, `v`) and non-slot variables (`beta1_power`,
`beta2_power`) are Adam's and checkpoints move between them. Adam keeps its
per-step tensors on the instance after `_prepare`; this module is the only
place that reads them.
"""

import dataclasses

import tensorflow as tf


@dataclasses.dataclass(frozen=True)
class AdamHyperparameters:
  """One step's Adam tensors, cast to a variable's dtype."""
  lr: tf.Tensor
  beta1: tf.Tensor
  beta2: tf.Tensor
  epsilon: tf.Tensor
  beta1_power: tf.Tensor
  beta2_power: tf.Tensor

  @property
  def bias_corrected_lr(self):
    """`lr * sqrt(1 - beta2^t) / (1 - beta1^t)`."""
    return self.lr * tf.sqrt(1 - self.beta2_power) / (1 - self.beta1_power)


def hyperparameters(optimizer, dtype):
  """`AdamHyperparameters` of `optimizer` (after `_prepare`) in `dtype`.

  Args:
    optimizer: An Adam-family optimizer: Adam's subclasses, whose `beta1^t`,
      `beta2^t` are its `beta1_power`/`beta2_power` variables, or AdamGS,
      which computes them from the global step.
    dtype: The variable's base dtype.
  """
  cast = lambda value: tf.cast(value, dtype)
  # pylint: disable=protected-access
  beta1_power, beta2_power = optimizer._get_beta_accumulators()
  return AdamHyperparameters(
      lr=cast(optimizer._lr_t), beta1=cast(optimizer._beta1_t),
      beta2=cast(optimizer._beta2_t), epsilon=cast(optimizer._epsilon_t),
      beta1_power=cast(beta1_power), beta2_power=cast(beta2_power))
