"""TF 1.15's convolution layers: `Conv1D`, `Conv2D`, `Conv3D`, `Conv2DTranspose`,
`Conv3DTranspose`, `SeparableConv1D`, `SeparableConv2D`, and their functions.

Variables: `kernel` `kernel_size + (in_channels, filters)` (transposed:
`kernel_size + (filters, in_channels)`) and `bias` `[filters]`; the separable
convolutions have `depthwise_kernel` `kernel_size + (in_channels,
depth_multiplier)` and `pointwise_kernel` `(1, ..., in_channels *
depth_multiplier, filters)` instead of `kernel`. With a None initializer a
kernel takes the enclosing variable scope's initializer, else Glorot-uniform
with both fans multiplied by the receptive field.

The input rank is exact (`rank + 2`) and the channel count is fixed by the first
call; both are checked at graph-build time on every call. `channels_first` runs the
native `NCW`/`NCHW`/`NCDHW` kernels, as TF1 did.
"""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import base_layer
from tf1_compat.framework import checks
from tf1_compat.framework import input_spec
from tf1_compat.layers import _utils as utils

_V1 = tf.compat.v1

# Checkpoint-visible variable names.
KERNEL_NAME = "kernel"
BIAS_NAME = "bias"
DEPTHWISE_KERNEL_NAME = "depthwise_kernel"
POINTWISE_KERNEL_NAME = "pointwise_kernel"

_CAUSAL = "causal"
_TF_DATA_FORMATS = {
    (1, utils.CHANNELS_LAST): "NWC", (1, utils.CHANNELS_FIRST): "NCW",
    (2, utils.CHANNELS_LAST): "NHWC", (2, utils.CHANNELS_FIRST): "NCHW",
    (3, utils.CHANNELS_LAST): "NDHWC", (3, utils.CHANNELS_FIRST): "NCDHW",
}


class _Conv(base_layer.Layer):
  """An N-D convolution (N = `rank`) plus bias and activation.

  Args:
    rank: Number of spatial dimensions.
    filters: Number of output channels.
    kernel_size: Int or `rank` ints.
    strides: Int or `rank` ints; strides > 1 and dilation > 1 exclude each other.
    padding: `"valid"` or `"same"`, case-insensitive (`Conv1D` also `"causal"`).
    data_format: `"channels_last"` or `"channels_first"`.
    dilation_rate: Int or `rank` ints (atrous convolution).
    activation: Callable, activation name, or None for linear.
    use_bias: Whether to add `bias`.
    kernel_initializer, bias_initializer: Initializers; a None kernel initializer
      defers to the variable scope, then Glorot-uniform.
    kernel_regularizer, bias_regularizer: Callables `variable -> loss`; losses go
      to `REGULARIZATION_LOSSES` when the variable is created.
    activity_regularizer: Callable on the output; `loss / batch_size` per call.
    kernel_constraint, bias_constraint: Projections stored on the variables.
    trainable: If False, the variables stay out of `TRAINABLE_VARIABLES`.
    name: Base name of the variable scope (uniquified by the class API).
    dtype: Variable dtype; by default the first input's.
  """

  def __init__(self, rank, filters, kernel_size, strides=1, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, dilation_rate=1,
               activation=None, use_bias=True, kernel_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, dtype=None,
               **kwargs):
    super().__init__(trainable=trainable, name=name, dtype=dtype,
                     activity_regularizer=activity_regularizer,
                     **utils.scope_kwargs(type(self).__name__, kwargs))
    self.rank = rank
    owner = utils.describe(self)
    self.filters = checks.positive_int(filters, "filters", owner)
    self.kernel_size = utils.normalize_tuple(kernel_size, rank, "kernel_size",
                                             owner)
    self.strides = utils.normalize_tuple(strides, rank, "strides", owner)
    self.padding = self._normalize_padding(padding)
    self.data_format = utils.normalize_data_format(data_format, owner)
    self.dilation_rate = utils.normalize_tuple(dilation_rate, rank,
                                               "dilation_rate", owner)
    if max(self.strides) > 1 and max(self.dilation_rate) > 1:
      raise ValueError(
          "%s: strides > 1 cannot be combined with dilation_rate > 1; got "
          "strides=%s, dilation_rate=%s" % (owner, self.strides,
                                            self.dilation_rate))
    self.activation = activations.get(activation)
    self.use_bias = use_bias
    self.kernel_initializer = kernel_initializer
    self.bias_initializer = bias_initializer
    self.kernel_regularizer = kernel_regularizer
    self.bias_regularizer = bias_regularizer
    self.kernel_constraint = kernel_constraint
    self.bias_constraint = bias_constraint
    self.kernel = None
    self.bias = None
    self.input_spec = input_spec.InputSpec(ndim=rank + 2)

  def _normalize_padding(self, padding):
    return utils.normalize_padding(padding, utils.describe(self))

  @property
  def _channel_axis(self):
    return 1 if self.data_format == utils.CHANNELS_FIRST else -1

  @property
  def _tf_data_format(self):
    return _TF_DATA_FORMATS[(self.rank, self.data_format)]

  def _input_channels(self, input_shape):
    channels = tf.compat.dimension_value(input_shape[self._channel_axis])
    if channels is None:
      raise ValueError(
          "The channel dimension of the inputs should be defined. Found "
          "`None`. (%s %s: expected a known size on axis %d (%s), but received "
          "input with shape %s)" % (type(self).__name__,
                                    input_spec.describe_layer(self),
                                    self._channel_axis, self.data_format,
                                    input_shape))
    return channels

  def _kernel_shape(self, channels):
    return self.kernel_size + (channels, self.filters)

  def build(self, input_shape):
    input_shape = tf.TensorShape(input_shape)
    channels = self._input_channels(input_shape)
    self.input_spec = input_spec.InputSpec(
        ndim=self.rank + 2, axes={self._channel_axis: channels})
    self.kernel = self.add_weight(
        KERNEL_NAME, shape=self._kernel_shape(channels),
        initializer=self.kernel_initializer,
        regularizer=self.kernel_regularizer,
        constraint=self.kernel_constraint)
    if self.use_bias:
      self.bias = self.add_weight(
          BIAS_NAME, shape=[self.filters], initializer=self.bias_initializer,
          regularizer=self.bias_regularizer, constraint=self.bias_constraint)

  def _convolve(self, inputs):
    return tf.nn.convolution(
        inputs, self.kernel, strides=list(self.strides),
        padding=self.padding.upper(), dilations=list(self.dilation_rate),
        data_format=self._tf_data_format)

  def _add_bias(self, outputs):
    if self.rank == 1 and self.data_format == utils.CHANNELS_FIRST:
      return outputs + tf.reshape(self.bias, [1, self.filters, 1])
    return tf.nn.bias_add(outputs, self.bias, data_format=self._tf_data_format)

  def call(self, inputs):
    outputs = self._convolve(inputs)
    if self.use_bias:
      outputs = self._add_bias(outputs)
    if inputs.shape.rank is not None:
      outputs.set_shape(self.compute_output_shape(inputs.shape))
    if self.activation is not None:
      outputs = self.activation(outputs)
    return outputs

  def _spatial_output_length(self, length, i):
    return utils.conv_output_length(
        length, self.kernel_size[i],
        utils.SAME if self.padding == _CAUSAL else self.padding,
        self.strides[i], self.dilation_rate[i])

  def compute_output_shape(self, input_shape):
    """The output shape for `input_shape`, unknown sizes staying unknown."""
    dims = tf.TensorShape(input_shape).as_list()
    if self.data_format == utils.CHANNELS_FIRST:
      spatial = dims[2:]
    else:
      spatial = dims[1:-1]
    out = [self._spatial_output_length(length, i)
           for i, length in enumerate(spatial)]
    if self.data_format == utils.CHANNELS_FIRST:
      return tf.TensorShape([dims[0], self.filters] + out)
    return tf.TensorShape([dims[0]] + out + [self.filters])


class Conv1D(_Conv):
  """1-D convolution over `[batch, length, channels]` (or `[batch, channels, length]`).

  Besides `"valid"` and `"same"`, `padding="causal"` left-pads by
  `dilation_rate * (kernel_size - 1)` so output step `t` sees inputs up to `t` only.
  See `_Conv` for the arguments.
  """

  def __init__(self, filters, kernel_size, strides=1, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, dilation_rate=1,
               activation=None, use_bias=True, kernel_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        1, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation_rate,
        activation=activation, use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        trainable=trainable, name=name, **kwargs)

  def _normalize_padding(self, padding):
    if isinstance(padding, str) and padding.lower() == _CAUSAL:
      return _CAUSAL
    return utils.normalize_padding(padding, utils.describe(self))

  def _convolve(self, inputs):
    if self.padding != _CAUSAL:
      return super()._convolve(inputs)
    left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
    if self.data_format == utils.CHANNELS_FIRST:
      pads = [[0, 0], [0, 0], [left, 0]]
    else:
      pads = [[0, 0], [left, 0], [0, 0]]
    return tf.nn.convolution(
        tf.pad(inputs, pads), self.kernel, strides=list(self.strides),
        padding="VALID", dilations=list(self.dilation_rate),
        data_format=self._tf_data_format)


class Conv2D(_Conv):
  """2-D convolution over `[batch, height, width, channels]` (or NCHW).

  Variables: `kernel` `[kh, kw, in_channels, filters]`, `bias` `[filters]`. See
  `_Conv` for the arguments.
  """

  def __init__(self, filters, kernel_size, strides=(1, 1), padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, dilation_rate=(1, 1),
               activation=None, use_bias=True, kernel_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        2, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation_rate,
        activation=activation, use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        trainable=trainable, name=name, **kwargs)


class Conv3D(_Conv):
  """3-D convolution over `[batch, depth, height, width, channels]` (or NCDHW).

  See `_Conv` for the arguments.
  """

  def __init__(self, filters, kernel_size, strides=(1, 1, 1),
               padding=utils.VALID, data_format=utils.CHANNELS_LAST,
               dilation_rate=(1, 1, 1), activation=None, use_bias=True,
               kernel_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        3, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation_rate,
        activation=activation, use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        trainable=trainable, name=name, **kwargs)


def _transposed_length(length, kernel, padding, stride):
  """TF1's inferred output length of a transposed convolution (None stays)."""
  if length is None:
    return None
  if padding == utils.VALID:
    return length * stride + max(kernel - stride, 0)
  return length * stride


class _ConvTranspose(_Conv):
  """The gradient of an N-D convolution used as a layer ("deconvolution").

  Variables: `kernel` `kernel_size + (filters, in_channels)` (note the swapped
  channel axes) and `bias` `[filters]`. The output size is inferred as TF1 did:
  `in * stride` for `"same"`, `in * stride + max(k - stride, 0)` for
  `"valid"`. There is no dilation.
  """

  _TRANSPOSE_OPS = {2: tf.nn.conv2d_transpose, 3: tf.nn.conv3d_transpose}

  def _kernel_shape(self, channels):
    return self.kernel_size + (self.filters, channels)

  def _convolve(self, inputs):
    dynamic = tf.shape(inputs)
    static = inputs.shape.as_list()
    first = 2 if self.data_format == utils.CHANNELS_FIRST else 1
    sizes = []
    for i in range(self.rank):
      axis = first + i
      length = static[axis] if static[axis] is not None else dynamic[axis]
      sizes.append(_transposed_length(length, self.kernel_size[i], self.padding,
                                      self.strides[i]))
    if self.data_format == utils.CHANNELS_FIRST:
      output_shape = [dynamic[0], self.filters] + sizes
    else:
      output_shape = [dynamic[0]] + sizes + [self.filters]
    return self._TRANSPOSE_OPS[self.rank](
        inputs, self.kernel, tf.stack(output_shape), strides=list(self.strides),
        padding=self.padding.upper(), data_format=self._tf_data_format)

  def _spatial_output_length(self, length, i):
    return _transposed_length(length, self.kernel_size[i], self.padding,
                              self.strides[i])


class Conv2DTranspose(_ConvTranspose):
  """2-D transposed convolution over `[batch, height, width, channels]` (or
  NCHW): kernel `[kh, kw, filters, in_channels]`. See `_ConvTranspose` and
  `_Conv` for the arguments.
  """

  def __init__(self, filters, kernel_size, strides=(1, 1), padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, activation=None, use_bias=True,
               kernel_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        2, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, activation=activation, use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        trainable=trainable, name=name, **kwargs)


class Conv3DTranspose(_ConvTranspose):
  """3-D transposed convolution over `[batch, depth, height, width, channels]`
  (or NCDHW, which TensorFlow runs on GPUs only): kernel `[kd, kh, kw, filters,
  in_channels]`. See `_ConvTranspose` and `_Conv` for the arguments.
  """

  def __init__(self, filters, kernel_size, strides=(1, 1, 1),
               padding=utils.VALID, data_format=utils.CHANNELS_LAST,
               activation=None, use_bias=True, kernel_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        3, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, activation=activation, use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        trainable=trainable, name=name, **kwargs)


class _SeparableConv(_Conv):
  """A depthwise convolution (each input channel its own `depth_multiplier`
  filters) followed by a 1x1 pointwise convolution to `filters`, plus bias and
  activation.

  Variables, in creation order: `depthwise_kernel` `kernel_size +
  (in_channels, depth_multiplier)`, `pointwise_kernel` `(1,) * rank +
  (in_channels * depth_multiplier, filters)`, `bias` `[filters]`. The
  depthwise and pointwise arguments replace `_Conv`'s kernel arguments; the
  rest are `_Conv`'s.
  """

  def __init__(self, rank, filters, kernel_size, strides=1,
               padding=utils.VALID, data_format=utils.CHANNELS_LAST,
               dilation_rate=1, depth_multiplier=1, activation=None,
               use_bias=True, depthwise_initializer=None,
               pointwise_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               depthwise_regularizer=None, pointwise_regularizer=None,
               bias_regularizer=None, activity_regularizer=None,
               depthwise_constraint=None, pointwise_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        rank, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation_rate,
        activation=activation, use_bias=use_bias,
        bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        bias_constraint=bias_constraint, trainable=trainable, name=name,
        **kwargs)
    self.depth_multiplier = checks.positive_int(
        depth_multiplier, "depth_multiplier", utils.describe(self))
    self.depthwise_initializer = depthwise_initializer
    self.pointwise_initializer = pointwise_initializer
    self.depthwise_regularizer = depthwise_regularizer
    self.pointwise_regularizer = pointwise_regularizer
    self.depthwise_constraint = depthwise_constraint
    self.pointwise_constraint = pointwise_constraint
    self.depthwise_kernel = None
    self.pointwise_kernel = None

  def build(self, input_shape):
    input_shape = tf.TensorShape(input_shape)
    channels = self._input_channels(input_shape)
    self.input_spec = input_spec.InputSpec(
        ndim=self.rank + 2, axes={self._channel_axis: channels})
    self.depthwise_kernel = self.add_weight(
        DEPTHWISE_KERNEL_NAME,
        shape=self.kernel_size + (channels, self.depth_multiplier),
        initializer=self.depthwise_initializer,
        regularizer=self.depthwise_regularizer,
        constraint=self.depthwise_constraint)
    self.pointwise_kernel = self.add_weight(
        POINTWISE_KERNEL_NAME,
        shape=(1,) * self.rank + (channels * self.depth_multiplier,
                                  self.filters),
        initializer=self.pointwise_initializer,
        regularizer=self.pointwise_regularizer,
        constraint=self.pointwise_constraint)
    if self.use_bias:
      self.bias = self.add_weight(
          BIAS_NAME, shape=[self.filters], initializer=self.bias_initializer,
          regularizer=self.bias_regularizer, constraint=self.bias_constraint)

  def _separable(self, inputs, depthwise, pointwise, strides, dilations):
    """`tf.nn.separable_conv2d` in the layer's data format (4-D inputs)."""
    if self.data_format == utils.CHANNELS_FIRST:
      strides = (1, 1) + strides
    else:
      strides = (1,) + strides + (1,)
    padding = utils.VALID if self.padding == _CAUSAL else self.padding
    return tf.nn.separable_conv2d(
        inputs, depthwise, pointwise, strides=list(strides),
        padding=padding.upper(), dilations=list(dilations),
        data_format=_TF_DATA_FORMATS[(2, self.data_format)])


class SeparableConv1D(_SeparableConv):
  """Depthwise-separable 1-D convolution over `[batch, length, channels]` (or
  `[batch, channels, length]`), run as a 2-D one over a unit height, as TF1
  did; `padding` may also be `"causal"`. Variables `depthwise_kernel` `[k,
  in_channels, depth_multiplier]`, `pointwise_kernel` `[1, in_channels *
  depth_multiplier, filters]`, `bias`. See `_SeparableConv` for the arguments.
  """

  def __init__(self, filters, kernel_size, strides=1, padding=utils.VALID,
               data_format=utils.CHANNELS_LAST, dilation_rate=1,
               depth_multiplier=1, activation=None, use_bias=True,
               depthwise_initializer=None, pointwise_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               depthwise_regularizer=None, pointwise_regularizer=None,
               bias_regularizer=None, activity_regularizer=None,
               depthwise_constraint=None, pointwise_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        1, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation_rate,
        depth_multiplier=depth_multiplier, activation=activation,
        use_bias=use_bias, depthwise_initializer=depthwise_initializer,
        pointwise_initializer=pointwise_initializer,
        bias_initializer=bias_initializer,
        depthwise_regularizer=depthwise_regularizer,
        pointwise_regularizer=pointwise_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        depthwise_constraint=depthwise_constraint,
        pointwise_constraint=pointwise_constraint,
        bias_constraint=bias_constraint, trainable=trainable, name=name,
        **kwargs)

  def _normalize_padding(self, padding):
    if isinstance(padding, str) and padding.lower() == _CAUSAL:
      return _CAUSAL
    return utils.normalize_padding(padding, utils.describe(self))

  def _convolve(self, inputs):
    channels_first = self.data_format == utils.CHANNELS_FIRST
    if self.padding == _CAUSAL:
      left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
      pads = ([[0, 0], [0, 0], [left, 0]] if channels_first
              else [[0, 0], [left, 0], [0, 0]])
      inputs = tf.pad(inputs, pads)
    spatial_start = 2 if channels_first else 1
    outputs = self._separable(
        tf.expand_dims(inputs, spatial_start),
        tf.expand_dims(self.depthwise_kernel, 0),
        tf.expand_dims(self.pointwise_kernel, 0),
        strides=self.strides * 2, dilations=(1,) + self.dilation_rate)
    return tf.squeeze(outputs, [spatial_start])


class SeparableConv2D(_SeparableConv):
  """Depthwise-separable 2-D convolution over `[batch, height, width,
  channels]` (or NCHW). Variables `depthwise_kernel` `[kh, kw, in_channels,
  depth_multiplier]`, `pointwise_kernel` `[1, 1, in_channels *
  depth_multiplier, filters]`, `bias`. See `_SeparableConv` for the arguments.
  """

  def __init__(self, filters, kernel_size, strides=(1, 1),
               padding=utils.VALID, data_format=utils.CHANNELS_LAST,
               dilation_rate=(1, 1), depth_multiplier=1, activation=None,
               use_bias=True, depthwise_initializer=None,
               pointwise_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               depthwise_regularizer=None, pointwise_regularizer=None,
               bias_regularizer=None, activity_regularizer=None,
               depthwise_constraint=None, pointwise_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(
        2, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation_rate,
        depth_multiplier=depth_multiplier, activation=activation,
        use_bias=use_bias, depthwise_initializer=depthwise_initializer,
        pointwise_initializer=pointwise_initializer,
        bias_initializer=bias_initializer,
        depthwise_regularizer=depthwise_regularizer,
        pointwise_regularizer=pointwise_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        depthwise_constraint=depthwise_constraint,
        pointwise_constraint=pointwise_constraint,
        bias_constraint=bias_constraint, trainable=trainable, name=name,
        **kwargs)

  def _convolve(self, inputs):
    return self._separable(inputs, self.depthwise_kernel,
                           self.pointwise_kernel, strides=self.strides,
                           dilations=self.dilation_rate)


def _functional(layer_class, inputs, name, reuse, **kwargs):
  return layer_class(name=name, _scope=name, _reuse=reuse, **kwargs)(inputs)


def conv1d(inputs, filters, kernel_size, strides=1, padding=utils.VALID,
           data_format=utils.CHANNELS_LAST, dilation_rate=1, activation=None,
           use_bias=True, kernel_initializer=None,
           bias_initializer=_V1.zeros_initializer(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
  """Functional `Conv1D` on `[batch, length, channels]`.

  `name` is the variable scope as is (not uniquified): a second call with the same
  `name` needs `reuse=True` or `tf.AUTO_REUSE`, as in TF1.
  """
  return _functional(
      Conv1D, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
      strides=strides, padding=padding, data_format=data_format,
      dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
      kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
      kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
      activity_regularizer=activity_regularizer,
      kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
      trainable=trainable)


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding=utils.VALID,
           data_format=utils.CHANNELS_LAST, dilation_rate=(1, 1),
           activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=_V1.zeros_initializer(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
  """Functional `Conv2D` on `[batch, height, width, channels]` (or NCHW).

  `name` is the variable scope as is (not uniquified): a second call with the same
  `name` needs `reuse=True` or `tf.AUTO_REUSE`, as in TF1.

  Returns:
    Tensor `[batch, out_height, out_width, filters]` (or NCHW).
  """
  return _functional(
      Conv2D, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
      strides=strides, padding=padding, data_format=data_format,
      dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
      kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
      kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
      activity_regularizer=activity_regularizer,
      kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
      trainable=trainable)


def conv3d(inputs, filters, kernel_size, strides=(1, 1, 1), padding=utils.VALID,
           data_format=utils.CHANNELS_LAST, dilation_rate=(1, 1, 1),
           activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=_V1.zeros_initializer(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
  """Functional `Conv3D`; `name`/`reuse` as for `conv2d`."""
  return _functional(
      Conv3D, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
      strides=strides, padding=padding, data_format=data_format,
      dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
      kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
      kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
      activity_regularizer=activity_regularizer,
      kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
      trainable=trainable)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1),
                     padding=utils.VALID, data_format=utils.CHANNELS_LAST,
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=_V1.zeros_initializer(),
                     kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """Functional `Conv2DTranspose`; `name`/`reuse` as for `conv2d`."""
  return _functional(
      Conv2DTranspose, inputs, name, reuse, filters=filters,
      kernel_size=kernel_size, strides=strides, padding=padding,
      data_format=data_format, activation=activation, use_bias=use_bias,
      kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
      kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
      activity_regularizer=activity_regularizer,
      kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
      trainable=trainable)


def conv3d_transpose(inputs, filters, kernel_size, strides=(1, 1, 1),
                     padding=utils.VALID, data_format=utils.CHANNELS_LAST,
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=_V1.zeros_initializer(),
                     kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """Functional `Conv3DTranspose`; `name`/`reuse` as for `conv2d`."""
  return _functional(
      Conv3DTranspose, inputs, name, reuse, filters=filters,
      kernel_size=kernel_size, strides=strides, padding=padding,
      data_format=data_format, activation=activation, use_bias=use_bias,
      kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
      kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
      activity_regularizer=activity_regularizer,
      kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
      trainable=trainable)


def _separable_functional(layer_class, inputs, filters, kernel_size, strides,
                          padding, data_format, dilation_rate,
                          depth_multiplier, activation, use_bias,
                          depthwise_initializer, pointwise_initializer,
                          bias_initializer, depthwise_regularizer,
                          pointwise_regularizer, bias_regularizer,
                          activity_regularizer, depthwise_constraint,
                          pointwise_constraint, bias_constraint, trainable,
                          name, reuse):
  return _functional(
      layer_class, inputs, name, reuse, filters=filters,
      kernel_size=kernel_size, strides=strides, padding=padding,
      data_format=data_format, dilation_rate=dilation_rate,
      depth_multiplier=depth_multiplier, activation=activation,
      use_bias=use_bias, depthwise_initializer=depthwise_initializer,
      pointwise_initializer=pointwise_initializer,
      bias_initializer=bias_initializer,
      depthwise_regularizer=depthwise_regularizer,
      pointwise_regularizer=pointwise_regularizer,
      bias_regularizer=bias_regularizer,
      activity_regularizer=activity_regularizer,
      depthwise_constraint=depthwise_constraint,
      pointwise_constraint=pointwise_constraint,
      bias_constraint=bias_constraint, trainable=trainable)


def separable_conv1d(inputs, filters, kernel_size, strides=1,
                     padding=utils.VALID, data_format=utils.CHANNELS_LAST,
                     dilation_rate=1, depth_multiplier=1, activation=None,
                     use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None,
                     bias_initializer=_V1.zeros_initializer(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """Functional `SeparableConv1D`; `name`/`reuse` as for `conv2d`."""
  return _separable_functional(
      SeparableConv1D, inputs, filters, kernel_size, strides, padding,
      data_format, dilation_rate, depth_multiplier, activation, use_bias,
      depthwise_initializer, pointwise_initializer, bias_initializer,
      depthwise_regularizer, pointwise_regularizer, bias_regularizer,
      activity_regularizer, depthwise_constraint, pointwise_constraint,
      bias_constraint, trainable, name, reuse)


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1),
                     padding=utils.VALID, data_format=utils.CHANNELS_LAST,
                     dilation_rate=(1, 1), depth_multiplier=1,
                     activation=None, use_bias=True,
                     depthwise_initializer=None, pointwise_initializer=None,
                     bias_initializer=_V1.zeros_initializer(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """Functional `SeparableConv2D`; `name`/`reuse` as for `conv2d`.

  Returns:
    Tensor `[batch, out_height, out_width, filters]` (or NCHW).
  """
  return _separable_functional(
      SeparableConv2D, inputs, filters, kernel_size, strides, padding,
      data_format, dilation_rate, depth_multiplier, activation, use_bias,
      depthwise_initializer, pointwise_initializer, bias_initializer,
      depthwise_regularizer, pointwise_regularizer, bias_regularizer,
      activity_regularizer, depthwise_constraint, pointwise_constraint,
      bias_constraint, trainable, name, reuse)


# TF 1.15's module-level aliases (`tensorflow.python.layers.convolutional`).
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
SeparableConvolution2D = SeparableConv2D
Convolution2DTranspose = Deconvolution2D = Deconv2D = Conv2DTranspose
Convolution3DTranspose = Deconvolution3D = Deconv3D = Conv3DTranspose
convolution1d = conv1d
convolution2d = conv2d
convolution3d = conv3d
separable_convolution2d = separable_conv2d
convolution2d_transpose = deconvolution2d = deconv2d = conv2d_transpose
convolution3d_transpose = deconvolution3d = deconv3d = conv3d_transpose
