"""Argument normalisation shared by the tf.layers modules (TF1's `layers/utils`)."""

import numbers

import numpy as np
import tensorflow as tf

from tf1_compat.framework import checks

CHANNELS_LAST = "channels_last"
CHANNELS_FIRST = "channels_first"
VALID = "valid"
SAME = "same"

_SCOPE_KWARGS = ("_scope", "_reuse")


def scope_kwargs(class_name, kwargs):
  """Keeps the functional API's private `_scope`/`_reuse`; rejects anything else."""
  unknown = sorted(set(kwargs) - set(_SCOPE_KWARGS))
  if unknown:
    raise TypeError("%s got unexpected keyword argument(s): %s"
                    % (class_name, ", ".join(unknown)))
  return dict(kwargs)


def describe(layer):
  """`Conv2D 'conv2d_1'`: how constructor errors name the layer."""
  return "%s %r" % (type(layer).__name__, layer.name)


def normalize_data_format(value, owner):
  """`"channels_last"` or `"channels_first"`, case-insensitive; None is the former.

  `owner` (e.g. `describe(layer)`) names the layer in the error.
  """
  if value is None:
    return CHANNELS_LAST
  data_format = value.lower() if isinstance(value, str) else value
  if data_format not in (CHANNELS_LAST, CHANNELS_FIRST):
    raise ValueError(
        "%s: data_format must be 'channels_last' or 'channels_first', got %r"
        % (owner, value))
  return data_format


def normalize_padding(value, owner):
  """`"valid"` or `"same"`, case-insensitive (TF1 accepted `"SAME"`)."""
  padding = value.lower() if isinstance(value, str) else value
  if padding not in (VALID, SAME):
    raise ValueError("%s: padding must be 'valid' or 'same' (any case), got %r"
                     % (owner, value))
  return padding


def normalize_tuple(value, n, name, owner):
  """A positive int or an n-sequence of them as an n-tuple (window sizes,
  strides, dilation rates); `name` is the argument's."""
  if isinstance(value, (numbers.Integral, tf.compat.v1.Dimension)):
    values = (value,) * n
  else:
    try:
      values = tuple(value)  # A TensorShape gives Dimensions (TF1 took them).
    except (TypeError, ValueError):
      values = None
  if values is not None:
    values = tuple(tf.compat.dimension_value(v) for v in values)
  if (values is None or len(values) != n
      or not all(isinstance(v, numbers.Integral) for v in values)):
    raise ValueError("%s: the %s argument must be an int or a tuple of %d ints, "
                     "got %r" % (owner, name, n, value))
  if min(values) < 1:
    raise checks.ArgumentError("%s: the %s argument must be positive, got %r"
                               % (owner, name, value))
  return tuple(int(v) for v in values)


def conv_output_length(length, filter_size, padding, stride, dilation=1):
  """Output length of a convolution or pooling window along one axis (None stays)."""
  if length is None:
    return None
  dilated = (filter_size - 1) * dilation + 1
  if padding == SAME:
    covered = length
  else:
    covered = length - dilated + 1
  return (covered + stride - 1) // stride


def static_bool(pred):
  """`pred` as a Python bool if it is known while building the graph, else None.

  `pred` is None (False, the TF1 layers' inference-mode default), a Python bool or
  0/1, or a scalar bool tensor or variable; a tensor with a constant value counts
  as known, as in TF1's `smart_cond`.
  """
  if pred is None:
    return False
  if isinstance(pred, tf.Variable):
    return None
  if tf.is_tensor(pred):
    value = tf.get_static_value(pred)
    return None if value is None else bool(value)
  if isinstance(pred, (bool, np.bool_)) or (
      isinstance(pred, numbers.Integral) and pred in (0, 1)):
    return bool(pred)
  raise TypeError("training must be a Python bool or a scalar bool tensor, got %r"
                  % (pred,))


def smart_cond(pred, true_fn, false_fn):
  """`true_fn()` or `false_fn()` if `pred` is static (`static_bool`), else `tf.cond`."""
  value = static_bool(pred)
  if value is None:
    return tf.cond(pred, true_fn, false_fn)
  return true_fn() if value else false_fn()
