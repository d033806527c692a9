"""contrib.layers regularizers: functions `weights -> scalar loss` (or None).

Pass them as `kernel_regularizer=` / `weights_regularizer=`; the layer adds the loss
to `GraphKeys.REGULARIZATION_LOSSES`, and the training loss is usually
`loss + tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))` or
`tf.losses.get_total_loss()`.

TF1 quirk kept on purpose: `l2_regularizer(scale)` is `scale * tf.nn.l2_loss(w)`,
i.e. **scale * sum(w**2) / 2** (Keras' l2 has no 1/2).
"""

import numbers

from absl import logging
import tensorflow as tf

_V1 = tf.compat.v1


def _check_scale(scale, kind):
  """Returns True if `scale` is a static 0 (the regularizer is disabled)."""
  if isinstance(scale, numbers.Integral):
    raise ValueError("%s: scale cannot be an integer, got %r (write %r.0)"
                     % (kind, scale, scale))
  if isinstance(scale, numbers.Real):
    if scale < 0.0:
      raise ValueError("%s: scale must be >= 0, got %g" % (kind, scale))
    if scale == 0.0:
      logging.info("%s: a scale of 0 disables the regularizer", kind)
      return True
  return False


def _disabled(_):
  return None


def _scaled_regularizer(scale, scope, default_name, penalty):
  """`weights -> scale * penalty(weights)` in name scope `scope or default_name`."""
  if _check_scale(scale, default_name):
    return _disabled

  def regularizer(weights):
    with _V1.name_scope(scope, default_name, [weights]) as name:
      my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype,
                                      name="scale")
      return tf.multiply(my_scale, penalty(weights), name=name)

  return regularizer


def l1_regularizer(scale, scope=None):
  """`scale * sum(|w|)`.

  Args:
    scale: A non-negative float (a Python int raises); 0.0 returns a regularizer
      that yields None (no loss).
    scope: Name scope of the ops (default `l1_regularizer`).
  """
  return _scaled_regularizer(scale, scope, "l1_regularizer",
                             lambda w: tf.reduce_sum(tf.abs(w)))


def l2_regularizer(scale, scope=None):
  """`scale * tf.nn.l2_loss(w)` = `scale * sum(w**2) / 2` (note the 1/2).

  Args:
    scale: A non-negative float (a Python int raises); 0.0 returns a regularizer
      that yields None (no loss).
    scope: Name scope of the ops (default `l2_regularizer`).
  """
  return _scaled_regularizer(scale, scope, "l2_regularizer", tf.nn.l2_loss)


def sum_regularizer(regularizer_list, scope=None):
  """The sum of several regularizers' losses (those that are not None).

  Returns None when `regularizer_list` holds no regularizer at all.
  """
  regularizers = [r for r in regularizer_list if r is not None]
  if not regularizers:
    return None

  def sum_reg(weights):
    with _V1.name_scope(scope, "sum_regularizer", [weights]) as name:
      losses = [r(weights) for r in regularizers]
      losses = [loss for loss in losses if loss is not None]
      return tf.add_n(losses, name=name) if losses else None

  return sum_reg


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
  """`l1_regularizer(scale_l1)` plus `l2_regularizer(scale_l2)` (with its 1/2)."""
  if isinstance(scale_l1, numbers.Integral) or isinstance(
      scale_l2, numbers.Integral):
    raise ValueError("l1_l2_regularizer: scales cannot be integers, got %r and "
                     "%r" % (scale_l1, scale_l2))
  scope = scope or "l1_l2_regularizer"
  if scale_l1 == 0.0 and scale_l2 == 0.0:
    return _disabled
  if scale_l1 == 0.0:
    return l2_regularizer(scale_l2, scope)
  if scale_l2 == 0.0:
    return l1_regularizer(scale_l1, scope)
  return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)],
                         scope=scope)


def apply_regularization(regularizer, weights_list=None):
  """Sums `regularizer(w)` over `weights_list` into REGULARIZATION_LOSSES.

  Args:
    regularizer: A function `weights -> scalar tensor or None`.
    weights_list: Variables to regularize; by default `GraphKeys.WEIGHTS`.

  Returns:
    The summed penalty (also added to `REGULARIZATION_LOSSES`).

  Raises:
    ValueError: nothing to regularize, or a penalty that is not a scalar.
  """
  if not weights_list:
    weights_list = _V1.get_collection(_V1.GraphKeys.WEIGHTS)
  if not weights_list:
    raise ValueError("apply_regularization: no weights to regularize (pass "
                     "weights_list or fill the GraphKeys.WEIGHTS collection)")
  with _V1.name_scope("get_regularization_penalty",
                      values=weights_list) as scope:
    penalties = []
    for weights in weights_list:
      penalty = regularizer(weights)
      penalty = tf.constant(0.0) if penalty is None else penalty
      if penalty.shape.rank != 0:
        raise ValueError("apply_regularization: the regularizer must return a "
                         "scalar, got shape %s for %s" % (penalty.shape,
                                                           weights.name))
      penalties.append(penalty)
    summed = tf.add_n(penalties, name=scope)
  _V1.add_to_collection(_V1.GraphKeys.REGULARIZATION_LOSSES, summed)
  return summed
