"""Independently recurrent cells (Li et al. 2018): `IndRNNCell`, `IndyGRUCell`
and `IndyLSTMCell`, as TF 1.15's contrib computed them.

Each unit sees only its own previous state: the recurrent weights are vectors
(`..._u` `[1, k * num_units]`, initialized `U(-1, 1)`) multiplied elementwise,
while the input weights (`..._w`) are full matrices. Gate layouts and biases
follow the cells they shadow: `IndyGRUCell` is `GRUCell` (r, u; gate bias 1.0,
reset before the candidate's recurrent product), `IndyLSTMCell` is
`BasicLSTMCell` (i, j, f, o; `forget_bias` added at run time).
"""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

INPUT_KERNEL_NAME = base.WEIGHTS_NAME + "_w"
RECURRENT_KERNEL_NAME = base.WEIGHTS_NAME + "_u"


def _recurrent_initializer():
  return _V1.random_uniform_initializer(minval=-1, maxval=1)


class _IndependentCell(base.LayerRNNCell):

  def __init__(self, num_units, activation, reuse, name, dtype):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._activation = activations.get(activation) or tf.tanh

  @property
  def output_size(self):
    return self._num_units


class IndRNNCell(_IndependentCell):
  """`h' = activation(x @ kernel_w + h * kernel_u + bias)`; output = state.

  Variables: `kernel_w` `[depth, num_units]` (scope initializer or Glorot),
  `kernel_u` `[1, num_units]` (`U(-1, 1)`), `bias` (zeros).

  Args:
    num_units: Number of units.
    activation: Nonlinearity; tanh by default.
    reuse: Reuse the variables of an existing scope of the same name.
    name: Base name of the variable scope (`ind_rnn_cell` by default).
    dtype: Variable dtype; by default the first input's.
  """

  def __init__(self, num_units, activation=None, reuse=None, name=None,
               dtype=None):
    super().__init__(num_units, activation, reuse, name, dtype)

  @property
  def state_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    self._kernel_w = self.add_weight(INPUT_KERNEL_NAME,
                                     shape=[depth, self._num_units])
    self._kernel_u = self.add_weight(RECURRENT_KERNEL_NAME,
                                     shape=[1, self._num_units],
                                     initializer=_recurrent_initializer())
    self._bias = self.add_weight(base.BIAS_NAME, shape=[self._num_units],
                                 initializer=_V1.zeros_initializer())

  def call(self, inputs, state):
    pre_activation = tf.nn.bias_add(
        tf.matmul(inputs, self._kernel_w) + state * self._kernel_u, self._bias)
    output = self._activation(pre_activation)
    return output, output


class IndyGRUCell(_IndependentCell):
  """A GRU whose recurrent matrices are diagonal.

  `r, u = split(sigmoid(x @ gates/kernel_w + tile(h, 2) * gates/kernel_u +
  gates/bias))`; `c = act(x @ candidate/kernel + (r * h) * candidate/kernel_u
  + candidate/bias)`; `h' = u*h + (1 - u)*c`. Variables, in TF1's names:
  `gates/kernel_w`, `gates/kernel_u`, `gates/bias` (1.0), `candidate/kernel`
  (no `_w`), `candidate/kernel_u`, `candidate/bias` (zeros). A given
  `bias_initializer` initializes both biases.

  Args:
    num_units: Number of units.
    activation: Nonlinearity of the candidate; tanh by default.
    reuse: Reuse the variables of an existing scope of the same name.
    kernel_initializer: Initializer of the input kernels, or None.
    bias_initializer: Initializer of both biases, or None.
    name: Base name of the variable scope (`indy_gru_cell` by default).
    dtype: Variable dtype; by default the first input's.
  """

  def __init__(self, num_units, activation=None, reuse=None,
               kernel_initializer=None, bias_initializer=None, name=None,
               dtype=None):
    super().__init__(num_units, activation, reuse, name, dtype)
    self._kernel_initializer = kernel_initializer
    self._bias_initializer = bias_initializer

  @property
  def state_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    units = self._num_units
    self._gate_kernel_w = self.add_weight(
        "gates/" + INPUT_KERNEL_NAME, shape=[depth, 2 * units],
        initializer=self._kernel_initializer)
    self._gate_kernel_u = self.add_weight(
        "gates/" + RECURRENT_KERNEL_NAME, shape=[1, 2 * units],
        initializer=_recurrent_initializer())
    self._gate_bias = self.add_weight(
        "gates/" + base.BIAS_NAME, shape=[2 * units],
        initializer=(self._bias_initializer if self._bias_initializer
                     is not None else _V1.constant_initializer(1.0)))
    self._candidate_kernel_w = self.add_weight(
        "candidate/" + base.WEIGHTS_NAME, shape=[depth, units],
        initializer=self._kernel_initializer)
    self._candidate_kernel_u = self.add_weight(
        "candidate/" + RECURRENT_KERNEL_NAME, shape=[1, units],
        initializer=_recurrent_initializer())
    self._candidate_bias = self.add_weight(
        "candidate/" + base.BIAS_NAME, shape=[units],
        initializer=(self._bias_initializer if self._bias_initializer
                     is not None else _V1.zeros_initializer()))

  def call(self, inputs, state):
    gates = tf.sigmoid(tf.nn.bias_add(
        tf.matmul(inputs, self._gate_kernel_w)
        + tf.tile(state, [1, 2]) * self._gate_kernel_u, self._gate_bias))
    r, u = tf.split(gates, num_or_size_splits=2, axis=1)
    candidate = self._activation(tf.nn.bias_add(
        tf.matmul(inputs, self._candidate_kernel_w)
        + (r * state) * self._candidate_kernel_u, self._candidate_bias))
    new_h = u * state + (1 - u) * candidate
    return new_h, new_h


class IndyLSTMCell(_IndependentCell):
  """A basic LSTM whose recurrent matrices are diagonal.

  `i, j, f, o = split(x @ kernel_w + tile(h, 4) * kernel_u + bias)`;
  `c' = c*sigmoid(f + forget_bias) + sigmoid(i)*act(j)`, `h' =
  act(c')*sigmoid(o)`. Variables: `kernel_w` `[depth, 4 * num_units]`,
  `kernel_u` `[1, 4 * num_units]`, `bias` (zeros, or `bias_initializer`).

  Args:
    num_units: Number of units.
    forget_bias: Added to the forget gate at run time (0.0 for weights from a
      CudnnLSTM).
    activation: Activation of the candidate and of the output; tanh by default.
    reuse: Reuse the variables of an existing scope of the same name.
    kernel_initializer: Initializer of `kernel_w`, or None.
    bias_initializer: Initializer of `bias`, or None.
    name: Base name of the variable scope (`indy_lstm_cell` by default).
    dtype: Variable dtype; by default the first input's.
  """

  def __init__(self, num_units, forget_bias=1.0, activation=None, reuse=None,
               kernel_initializer=None, bias_initializer=None, name=None,
               dtype=None):
    super().__init__(num_units, activation, reuse, name, dtype)
    self._forget_bias = forget_bias
    self._kernel_initializer = kernel_initializer
    self._bias_initializer = bias_initializer

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._num_units)

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    units = self._num_units
    self._kernel_w = self.add_weight(INPUT_KERNEL_NAME, shape=[depth, 4 * units],
                                     initializer=self._kernel_initializer)
    self._kernel_u = self.add_weight(RECURRENT_KERNEL_NAME, shape=[1, 4 * units],
                                     initializer=_recurrent_initializer())
    self._bias = self.add_weight(
        base.BIAS_NAME, shape=[4 * units],
        initializer=(self._bias_initializer if self._bias_initializer
                     is not None else _V1.zeros_initializer()))

  def call(self, inputs, state):
    c, h = state
    gates = tf.nn.bias_add(
        tf.matmul(inputs, self._kernel_w) + tf.tile(h, [1, 4]) * self._kernel_u,
        self._bias)
    i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
    forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * self._activation(j)
    new_h = self._activation(new_c) * tf.sigmoid(o)
    return new_h, base.LSTMStateTuple(new_c, new_h)
