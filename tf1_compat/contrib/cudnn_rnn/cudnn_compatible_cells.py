"""The CPU cells that run cuDNN's weights: `CudnnCompatibleLSTMCell` and
`CudnnCompatibleGRUCell`, with TF 1.15's names and math."""

import tensorflow as tf

from tf1_compat.contrib.rnn import block_lstm
from tf1_compat.rnn import base
from tf1_compat.rnn import cells

_V1 = tf.compat.v1

# The sub-scopes of CudnnCompatibleGRUCell's candidate weights.
GRU_CANDIDATE_INPUT = "candidate/input_projection/"
GRU_CANDIDATE_HIDDEN = "candidate/hidden_projection/"


class CudnnCompatibleLSTMCell(block_lstm.LSTMBlockCell):
  """`LSTMBlockCell` with cuDNN's LSTM math: `forget_bias=0`, no clipping or
  peepholes, default scope `cudnn_compatible_lstm_cell`.

  Variables `kernel` `[depth + num_units, 4 * num_units]` (gates `i, j, f, o`)
  and `bias` `[4 * num_units]`, the names `CudnnLSTM` saves its weights under
  (`.../rnn/multi_rnn_cell/cell_<i>/cudnn_compatible_lstm_cell/kernel`), so a
  `MultiRNNCell` of these under the CudnnLSTM's scope restores its checkpoint.

  Args:
    num_units: Number of units.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, num_units, reuse=None):
    super().__init__(num_units, forget_bias=0.0, cell_clip=None,
                     use_peephole=False, reuse=reuse,
                     name="cudnn_compatible_lstm_cell")


class CudnnCompatibleGRUCell(cells.GRUCell):
  """cuDNN's GRU, which applies the reset gate *after* the recurrent matmul.

  `r, u = split(sigmoid([x, h] @ gates/kernel + gates/bias))`;
  `c = tanh(x @ candidate/input_projection/kernel + input bias +
  r * (h @ candidate/hidden_projection/kernel + hidden bias))`;
  `h' = (1 - u)*c + u*h`. (`GRUCell` multiplies `r * h` before the matmul and
  has no hidden bias, so its weights do not carry over.) The biases start at
  1.0 (gates) and 0.0 (both candidate biases). The variable names are the ones
  `CudnnGRU` saves its weights under.

  Args:
    num_units: Number of units.
    reuse: Reuse the variables of an existing scope of the same name.
    kernel_initializer: Initializer of the kernels, or None.
  """

  def __init__(self, num_units, reuse=None, kernel_initializer=None):
    super().__init__(num_units, activation=None, reuse=reuse,
                     kernel_initializer=kernel_initializer)

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
    units = self._num_units
    self._gate_kernel = self.add_weight(
        "gates/" + base.WEIGHTS_NAME, shape=[depth + units, 2 * units],
        initializer=self._kernel_initializer)
    self._gate_bias = self.add_weight(
        "gates/" + base.BIAS_NAME, shape=[2 * units],
        initializer=_V1.constant_initializer(1.0))
    self._candidate_input_kernel = self.add_weight(
        GRU_CANDIDATE_INPUT + base.WEIGHTS_NAME, shape=[depth, units],
        initializer=self._kernel_initializer)
    self._candidate_hidden_kernel = self.add_weight(
        GRU_CANDIDATE_HIDDEN + base.WEIGHTS_NAME, shape=[units, units],
        initializer=self._kernel_initializer)
    self._candidate_input_bias = self.add_weight(
        GRU_CANDIDATE_INPUT + base.BIAS_NAME, shape=[units],
        initializer=_V1.zeros_initializer())
    self._candidate_hidden_bias = self.add_weight(
        GRU_CANDIDATE_HIDDEN + base.BIAS_NAME, shape=[units],
        initializer=_V1.zeros_initializer())

  def call(self, inputs, state):
    gates = tf.sigmoid(tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel),
        self._gate_bias))
    r, u = tf.split(gates, num_or_size_splits=2, axis=1)
    candidate = tf.nn.bias_add(tf.matmul(inputs, self._candidate_input_kernel),
                               self._candidate_input_bias)
    candidate += r * tf.nn.bias_add(
        tf.matmul(state, self._candidate_hidden_kernel),
        self._candidate_hidden_bias)
    candidate = self._activation(candidate)
    new_h = (1 - u) * candidate + u * state
    return new_h, new_h
