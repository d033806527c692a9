"""contrib.layers initializers: `xavier_initializer`, `variance_scaling_initializer`.

Both return a plain function `init(shape, dtype=dtype, partition_info=None)`, as TF1
did, usable as any `initializer=` argument. Fans are estimated TF1's way for dense
and convolution kernels: `fan_in = shape[-2] * prod(shape[:-2])`,
`fan_out = shape[-1] * prod(shape[:-2])`; a 1-D shape uses its length for both, a
scalar uses 1.

Note the truncated normal's standard deviation: `sqrt(1.3 * factor / n)`, the
contrib formula (1.3 approximately undoes the truncation at two standard
deviations). Core `tf.variance_scaling_initializer` divides by 0.8796 instead, so
the two give different weights for the same seed.
"""

import math

import tensorflow as tf

_MODES = ("FAN_IN", "FAN_OUT", "FAN_AVG")


def _fans(shape):
  shape = list(shape)
  if not shape:
    return 1.0, 1.0
  fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
  fan_out = float(shape[-1])
  for dim in shape[:-2]:
    fan_in *= float(dim)
    fan_out *= float(dim)
  return fan_in, fan_out


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False,
                                 seed=None, dtype=tf.float32):
  """An initializer with variance `factor / n`: He by default.

  `n` is `fan_in` (`"FAN_IN"`), `fan_out` (`"FAN_OUT"`) or their mean
  (`"FAN_AVG"`). Uniform: `U(-limit, limit)` with `limit = sqrt(3 * factor / n)`;
  otherwise a truncated normal with stddev `sqrt(1.3 * factor / n)`.

  Args:
    factor: The variance scale.
    mode: `"FAN_IN"`, `"FAN_OUT"` or `"FAN_AVG"`.
    uniform: Uniform instead of truncated-normal values.
    seed: Op seed of the random op.
    dtype: A floating dtype; the default for the returned function.

  Returns:
    `init(shape, dtype=dtype, partition_info=None)` returning a tensor.

  Raises:
    TypeError: `dtype` is not floating, or `mode` is unknown (TF1 raised
      TypeError for both).
  """
  dtype = tf.as_dtype(dtype)
  if not dtype.is_floating:
    raise TypeError("variance_scaling_initializer: expected a floating dtype, "
                    "got %s" % dtype.name)
  if mode not in _MODES:
    raise TypeError("variance_scaling_initializer: unknown mode %r, expected one "
                    "of %s" % (mode, ", ".join(_MODES)))

  def _initializer(shape, dtype=dtype, partition_info=None):
    del partition_info  # TF1 scaled by the shard's own shape as well.
    dtype = tf.as_dtype(dtype)
    if not dtype.is_floating:
      raise TypeError("variance_scaling_initializer: cannot initialize a "
                      "variable of non-floating dtype %s" % dtype.name)
    fan_in, fan_out = _fans(tf.TensorShape(shape).as_list())
    n = {"FAN_IN": fan_in, "FAN_OUT": fan_out,
         "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
    if uniform:
      limit = math.sqrt(3.0 * factor / n)
      return tf.random.uniform(shape, -limit, limit, dtype, seed=seed)
    stddev = math.sqrt(1.3 * factor / n)
    return tf.random.truncated_normal(shape, 0.0, stddev, dtype, seed=seed)

  return _initializer


def xavier_initializer(uniform=True, seed=None, dtype=tf.float32):
  """Glorot & Bengio (2010): `variance_scaling_initializer(1.0, "FAN_AVG", uniform)`.

  The uniform default is exactly Glorot-uniform, `limit = sqrt(6 / (fan_in +
  fan_out))`.
  """
  return variance_scaling_initializer(factor=1.0, mode="FAN_AVG",
                                      uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer
