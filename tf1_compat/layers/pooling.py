"""TF 1.15's pooling layers: max and average pooling over 1, 2 or 3 spatial axes.

Pooling layers own no variables, so the functions take no `reuse`; `name` only
names the op scope (uniquified). Unlike Keras, TF1's `tf.layers` pooling requires
`strides` explicitly. Average pooling with `"same"` padding averages only the
in-bounds values at the borders (padding is not counted), as TF's kernels do.

The ops are TF 1.15's: 2-D pooling is one `MaxPool`/`AvgPool` op (so
`max_pooling2d(x, 2, 2)` is `max_pooling2d/MaxPool`), and 3-D pooling of a
channels-first input is transposed to channels-last and back around the
`MaxPool3D`/`AvgPool3D` op, as TF1 did for want of an NCDHW CPU kernel.
"""

import tensorflow as tf

from tf1_compat.framework import base_layer
from tf1_compat.framework import input_spec
from tf1_compat.layers import _utils as utils

_MAX = "max"
_AVERAGE = "avg"
# 2-D pooling goes through `tf.compat.v1.nn`, whose ops keep TF1's names.
_OPS = {
    (1, _MAX): tf.nn.max_pool1d, (1, _AVERAGE): tf.nn.avg_pool1d,
    (2, _MAX): tf.compat.v1.nn.max_pool, (2, _AVERAGE): tf.compat.v1.nn.avg_pool,
    (3, _MAX): tf.nn.max_pool3d, (3, _AVERAGE): tf.nn.avg_pool3d,
}
_TO_CHANNELS_LAST_3D = (0, 2, 3, 4, 1)
_TO_CHANNELS_FIRST_3D = (0, 4, 1, 2, 3)
_TF_DATA_FORMATS = {
    (1, utils.CHANNELS_LAST): "NWC", (1, utils.CHANNELS_FIRST): "NCW",
    (2, utils.CHANNELS_LAST): "NHWC", (2, utils.CHANNELS_FIRST): "NCHW",
}


class _Pooling(base_layer.Layer):
  """Max or average pooling over `rank` spatial axes of a `rank + 2`-D input.

  Args:
    rank: Number of spatial axes.
    kind: `"max"` or `"avg"`.
    pool_size: Int or `rank` ints, the window.
    strides: Int or `rank` ints (required, as in TF1).
    padding: `"valid"` or `"same"`, case-insensitive.
    data_format: `"channels_last"` or `"channels_first"`.
    name: Base name of the op scope.
  """

  def __init__(self, rank, kind, pool_size, strides, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, name=None, **kwargs):
    super().__init__(name=name, **utils.scope_kwargs(type(self).__name__, kwargs))
    self.rank = rank
    self._op = _OPS[(rank, kind)]
    owner = utils.describe(self)
    self.pool_size = utils.normalize_tuple(pool_size, rank, "pool_size", owner)
    self.strides = utils.normalize_tuple(strides, rank, "strides", owner)
    self.padding = utils.normalize_padding(padding, owner)
    self.data_format = utils.normalize_data_format(data_format, owner)
    self.input_spec = input_spec.InputSpec(ndim=rank + 2)

  def call(self, inputs):
    if self.rank == 3:
      outputs = self._pool3d(inputs)
    else:
      outputs = self._pool(inputs)
    if inputs.shape.rank is not None:
      outputs.set_shape(self.compute_output_shape(inputs.shape))
    return outputs

  def _pool(self, inputs):
    window, strides = list(self.pool_size), list(self.strides)
    if self.rank == 2:
      # TF1's 4-element windows: ones on the batch and channel axes.
      if self.data_format == utils.CHANNELS_FIRST:
        window, strides = [1, 1] + window, [1, 1] + strides
      else:
        window, strides = [1] + window + [1], [1] + strides + [1]
    return self._op(inputs, ksize=window, strides=strides,
                    padding=self.padding.upper(),
                    data_format=_TF_DATA_FORMATS[(self.rank, self.data_format)])

  def _pool3d(self, inputs):
    channels_first = self.data_format == utils.CHANNELS_FIRST
    if channels_first:
      inputs = tf.transpose(inputs, _TO_CHANNELS_LAST_3D)
    outputs = self._op(inputs, ksize=[1] + list(self.pool_size) + [1],
                       strides=[1] + list(self.strides) + [1],
                       padding=self.padding.upper())
    if channels_first:
      outputs = tf.transpose(outputs, _TO_CHANNELS_FIRST_3D)
    return outputs

  def compute_output_shape(self, input_shape):
    """The pooled shape; unknown sizes stay unknown."""
    dims = tf.TensorShape(input_shape).as_list()
    first = self.data_format == utils.CHANNELS_FIRST
    spatial = dims[2:] if first else dims[1:-1]
    out = [utils.conv_output_length(length, self.pool_size[i], self.padding,
                                    self.strides[i])
           for i, length in enumerate(spatial)]
    if first:
      return tf.TensorShape(dims[:2] + out)
    return tf.TensorShape(dims[:1] + out + dims[-1:])


class MaxPooling1D(_Pooling):
  """Max pooling over `[batch, length, channels]` (or channels first)."""

  def __init__(self, pool_size, strides, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, name=None, **kwargs):
    super().__init__(1, _MAX, pool_size, strides, padding=padding,
                     data_format=data_format, name=name, **kwargs)


class AveragePooling1D(_Pooling):
  """Average pooling over `[batch, length, channels]` (or channels first)."""

  def __init__(self, pool_size, strides, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, name=None, **kwargs):
    super().__init__(1, _AVERAGE, pool_size, strides, padding=padding,
                     data_format=data_format, name=name, **kwargs)


class MaxPooling2D(_Pooling):
  """Max pooling over `[batch, height, width, channels]` (or NCHW)."""

  def __init__(self, pool_size, strides, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, name=None, **kwargs):
    super().__init__(2, _MAX, pool_size, strides, padding=padding,
                     data_format=data_format, name=name, **kwargs)


class AveragePooling2D(_Pooling):
  """Average pooling over `[batch, height, width, channels]` (or NCHW)."""

  def __init__(self, pool_size, strides, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, name=None, **kwargs):
    super().__init__(2, _AVERAGE, pool_size, strides, padding=padding,
                     data_format=data_format, name=name, **kwargs)


class MaxPooling3D(_Pooling):
  """Max pooling over `[batch, depth, height, width, channels]` (or NCDHW)."""

  def __init__(self, pool_size, strides, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, name=None, **kwargs):
    super().__init__(3, _MAX, pool_size, strides, padding=padding,
                     data_format=data_format, name=name, **kwargs)


class AveragePooling3D(_Pooling):
  """Average pooling over `[batch, depth, height, width, channels]` (or NCDHW)."""

  def __init__(self, pool_size, strides, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, name=None, **kwargs):
    super().__init__(3, _AVERAGE, pool_size, strides, padding=padding,
                     data_format=data_format, name=name, **kwargs)


def max_pooling1d(inputs, pool_size, strides, padding=utils.VALID,
                  data_format=utils.CHANNELS_LAST, name=None):
  """Functional `MaxPooling1D`: `[batch, length, channels]` to the pooled length."""
  return MaxPooling1D(pool_size, strides, padding=padding,
                      data_format=data_format, name=name)(inputs)


def average_pooling1d(inputs, pool_size, strides, padding=utils.VALID,
                      data_format=utils.CHANNELS_LAST, name=None):
  """Functional `AveragePooling1D`."""
  return AveragePooling1D(pool_size, strides, padding=padding,
                          data_format=data_format, name=name)(inputs)


def max_pooling2d(inputs, pool_size, strides, padding=utils.VALID,
                  data_format=utils.CHANNELS_LAST, name=None):
  """Functional `MaxPooling2D` on `[batch, height, width, channels]` (or NCHW)."""
  return MaxPooling2D(pool_size, strides, padding=padding,
                      data_format=data_format, name=name)(inputs)


def average_pooling2d(inputs, pool_size, strides, padding=utils.VALID,
                      data_format=utils.CHANNELS_LAST, name=None):
  """Functional `AveragePooling2D`."""
  return AveragePooling2D(pool_size, strides, padding=padding,
                          data_format=data_format, name=name)(inputs)


def max_pooling3d(inputs, pool_size, strides, padding=utils.VALID,
                  data_format=utils.CHANNELS_LAST, name=None):
  """Functional `MaxPooling3D`."""
  return MaxPooling3D(pool_size, strides, padding=padding,
                      data_format=data_format, name=name)(inputs)


def average_pooling3d(inputs, pool_size, strides, padding=utils.VALID,
                      data_format=utils.CHANNELS_LAST, name=None):
  """Functional `AveragePooling3D`."""
  return AveragePooling3D(pool_size, strides, padding=padding,
                          data_format=data_format, name=name)(inputs)


# TF 1.15's module-level aliases (`tensorflow.python.layers.pooling`).
AvgPool2D = AveragePooling2D
MaxPool2D = MaxPooling2D
max_pool2d = max_pooling2d
avg_pool2d = average_pooling2d
