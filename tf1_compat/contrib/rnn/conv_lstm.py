"""Convolutional LSTMs (Shi et al. 2015): `ConvLSTMCell` and its 1-, 2- and 3-D
shorthands, as TF 1.15's contrib computed them.

One "SAME" convolution, stride 1, of `concat([inputs, h], -1)` gives the four
gates `i, j, f, o` along the channel axis: `c' = sigmoid(f + forget_bias)*c +
sigmoid(i)*tanh(j)`, `h' = tanh(c')*sigmoid(o)`. Inputs and states are
channels-last, `[batch] + input_shape`; the state is `LSTMStateTuple(c, h)`.

Variables: `kernel` `kernel_shape + [in_channels + output_channels,
4 * output_channels]` and, with `use_bias`, `biases` `[4 * output_channels]`
(zeros), under the cell's scope (`conv_lstm_cell`, `conv_1d_lstm_cell`,
`conv_2d_lstm_cell`, `conv_3d_lstm_cell`). The kernel takes the enclosing
scope's initializer, else Glorot-uniform.

TF1 quirk kept on purpose: with `skip_connection=True` the output (and the `h`
of the new state) is `concat([h', inputs], -1)`, wider than `state_size.h`
says, so such a cell can run one step, not a `dynamic_rnn`.
"""

import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

KERNEL_NAME = "kernel"
BIAS_NAME = "biases"

_CONVOLUTIONS = {1: tf.nn.conv1d, 2: tf.nn.conv2d, 3: tf.nn.conv3d}


class ConvLSTMCell(base.RNNCell):
  """A convolutional LSTM over `conv_ndims`-D feature maps.

  Args:
    conv_ndims: Convolution dimensionality: 1, 2 or 3.
    input_shape: The input's shape without the batch, channels last
      (`conv_ndims + 1` ints).
    output_channels: Channels of `h` and `c`.
    kernel_shape: The kernel's spatial shape (`conv_ndims` ints).
    use_bias: Whether to add `biases`.
    skip_connection: Concatenate the input to the output (see the module
      docstring).
    forget_bias: Added to the forget gate at run time.
    initializers: Unused, as in TF1.
    name: Base name of the variable scope.
  """

  def __init__(self, conv_ndims, input_shape, output_channels, kernel_shape,
               use_bias=True, skip_connection=False, forget_bias=1.0,
               initializers=None, name="conv_lstm_cell"):
    super().__init__(name=name)
    del initializers  # Unused, as in TF1.
    owner = type(self).__name__
    if conv_ndims not in _CONVOLUTIONS:
      raise checks.ArgumentError("%s: conv_ndims must be 1, 2 or 3, got %r"
                                 % (owner, conv_ndims))
    input_shape = list(input_shape)
    if conv_ndims != len(input_shape) - 1:
      raise checks.ArgumentError(
          "%s: input_shape must have conv_ndims + 1 = %d entries (spatial "
          "dimensions, then channels), got %s" % (owner, conv_ndims + 1,
                                                  input_shape))
    kernel_shape = list(kernel_shape)
    if len(kernel_shape) != conv_ndims:
      raise checks.ArgumentError(
          "%s: kernel_shape must have conv_ndims = %d entries, got %s"
          % (owner, conv_ndims, kernel_shape))
    self._conv_ndims = conv_ndims
    self._input_shape = input_shape
    self._output_channels = checks.positive_int(output_channels,
                                                "output_channels", owner)
    self._kernel_shape = kernel_shape
    self._use_bias = use_bias
    self._forget_bias = forget_bias
    self._skip_connection = skip_connection
    self._total_output_channels = output_channels + (
        input_shape[-1] if skip_connection else 0)
    state = tf.TensorShape(input_shape[:-1] + [output_channels])
    self._state_size = base.LSTMStateTuple(state, state)
    self._output_size = tf.TensorShape(
        input_shape[:-1] + [self._total_output_channels])

  @property
  def output_size(self):
    return self._output_size

  @property
  def state_size(self):
    return self._state_size

  def _check_input(self, inputs):
    rank = self._conv_ndims + 2
    shape = inputs.shape
    if shape.rank != rank or tf.compat.dimension_value(shape[-1]) is None:
      raise ValueError(
          "Input of cell %r must be %d-D `[batch] + %s` with known channels; "
          "got shape %s" % (self._cell_label(), rank, self._input_shape,
                            shape))

  def build(self, inputs_shape):
    in_channels = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
    self._kernel = self.add_weight(
        KERNEL_NAME, shape=self._kernel_shape + [
            in_channels + self._output_channels, 4 * self._output_channels])
    if self._use_bias:
      self._bias = self.add_weight(
          BIAS_NAME, shape=[4 * self._output_channels],
          initializer=_V1.constant_initializer(0.0))

  def call(self, inputs, state):
    cell, hidden = state
    stacked = tf.concat([inputs, hidden], axis=-1)
    strides = 1 if self._conv_ndims == 1 else [1] * (self._conv_ndims + 2)
    gates = _CONVOLUTIONS[self._conv_ndims](stacked, self._kernel, strides,
                                            padding="SAME")
    if self._use_bias:
      gates = gates + self._bias
    input_gate, new_input, forget_gate, output_gate = tf.split(
        gates, num_or_size_splits=4, axis=self._conv_ndims + 1)
    new_cell = (tf.sigmoid(forget_gate + self._forget_bias) * cell
                + tf.sigmoid(input_gate) * tf.tanh(new_input))
    output = tf.tanh(new_cell) * tf.sigmoid(output_gate)
    if self._skip_connection:
      output = tf.concat([output, inputs], axis=-1)
    return output, base.LSTMStateTuple(new_cell, output)


class Conv1DLSTMCell(ConvLSTMCell):
  """`ConvLSTMCell` with `conv_ndims=1`; scope `conv_1d_lstm_cell`."""

  def __init__(self, name="conv_1d_lstm_cell", **kwargs):
    super().__init__(conv_ndims=1, name=name, **kwargs)


class Conv2DLSTMCell(ConvLSTMCell):
  """`ConvLSTMCell` with `conv_ndims=2`; scope `conv_2d_lstm_cell`."""

  def __init__(self, name="conv_2d_lstm_cell", **kwargs):
    super().__init__(conv_ndims=2, name=name, **kwargs)


class Conv3DLSTMCell(ConvLSTMCell):
  """`ConvLSTMCell` with `conv_ndims=3`; scope `conv_3d_lstm_cell`."""

  def __init__(self, name="conv_3d_lstm_cell", **kwargs):
    super().__init__(conv_ndims=3, name=name, **kwargs)
