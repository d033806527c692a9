"""`TimeFreqLSTMCell` (Sainath and Li 2016): an LSTM that also recurs across
frequency, as TF 1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.contrib.rnn import coupled_lstm_cell
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1


class TimeFreqLSTMCell(base.RNNCell):
  """An LSTM run over overlapping frequency windows of each input frame.

  The input `[batch, input_size]` is cut into `num_shifts = (input_size -
  feature_size) // frequency_skip + 1` windows of `feature_size`. Window `k`
  runs one LSTM step (`i, j, f, o` from `[x_k, m_k, m_{k-1}] @ W + B`,
  optional peepholes and cell clipping) on its own slice `(c_k, m_k)` of the
  state, where `m_{k-1}` is the new output of the window before (zeros for the
  first). The output is `concat(m_0 .. m_{n-1})` `[batch, num_units *
  num_shifts]` and the state `concat(c_0, m_0, c_1, m_1, ...)`.

  TF1 quirks kept on purpose: `state_size` is `2 * num_units` although the
  state is `2 * num_units * num_shifts` wide (feed the state yourself;
  `zero_state` is too narrow), and `initializer` is ignored.

  Variables: `W_0` `[feature_size + 2 * num_units, 4 * num_units]` (sharded
  with `num_unit_shards`), `B` (zeros), and with peepholes `W_F_diag`,
  `W_I_diag`, `W_O_diag`.

  Args:
    num_units: Number of units per window.
    use_peepholes: Use the diagonal peephole weights.
    cell_clip: Clip each cell state to `±cell_clip`, or None.
    initializer: Ignored (see above).
    num_unit_shards: Shards of `W`.
    forget_bias: Added to the forget gates at run time.
    feature_size: The window width.
    frequency_skip: The window stride.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, num_units, use_peepholes=False, cell_clip=None,
               initializer=None, num_unit_shards=1, forget_bias=1.0,
               feature_size=None, frequency_skip=1, reuse=None):
    super().__init__(_reuse=reuse)
    owner = type(self).__name__
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._use_peepholes = use_peepholes
    self._cell_clip = cell_clip
    self._initializer = initializer
    self._num_unit_shards = checks.positive_int(num_unit_shards,
                                                "num_unit_shards", owner)
    self._forget_bias = forget_bias
    self._feature_size = checks.positive_int(feature_size, "feature_size",
                                             owner)
    self._frequency_skip = checks.positive_int(frequency_skip,
                                               "frequency_skip", owner)

  @property
  def output_size(self):
    return self._num_units

  @property
  def state_size(self):
    return 2 * self._num_units

  def _check_input(self, inputs):
    shape = inputs.shape
    if shape.rank != 2 or tf.compat.dimension_value(shape[1]) is None:
      raise ValueError("Input of cell %r must be 2-D `[batch, input_size]` "
                       "with a known input_size; got shape %s"
                       % (self._cell_label(), shape))
    if tf.compat.dimension_value(shape[1]) < self._feature_size:
      raise ValueError("Input of cell %r must be at least feature_size=%d "
                       "wide; got shape %s" % (self._cell_label(),
                                               self._feature_size, shape))

  def build(self, inputs_shape):
    units = self._num_units
    self._kernel = coupled_lstm_cell.sharded_weight(
        self, "W", [self._feature_size + 2 * units, 4 * units],
        self._num_unit_shards)
    self._bias = self.add_weight("B", shape=[4 * units],
                                 initializer=_V1.zeros_initializer())
    if self._use_peepholes:
      self._w_f_diag = self.add_weight("W_F_diag", shape=[units])
      self._w_i_diag = self.add_weight("W_I_diag", shape=[units])
      self._w_o_diag = self.add_weight("W_O_diag", shape=[units])

  def _windows(self, inputs):
    input_size = tf.compat.dimension_value(inputs.shape[1])
    count = (input_size - self._feature_size) // self._frequency_skip + 1
    return [tf.slice(inputs, [0, k * self._frequency_skip],
                     [-1, self._feature_size]) for k in range(count)]

  def call(self, inputs, state):
    units = self._num_units
    m_prev_freq = tf.zeros(tf.stack([tf.shape(inputs)[0], units]),
                           dtype=inputs.dtype)
    states, outputs = [], []
    for k, window in enumerate(self._windows(inputs)):
      c_prev = tf.slice(state, [0, 2 * k * units], [-1, units])
      m_prev = tf.slice(state, [0, (2 * k + 1) * units], [-1, units])
      gates = tf.nn.bias_add(
          tf.matmul(tf.concat([window, m_prev, m_prev_freq], 1), self._kernel),
          self._bias)
      i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
      if self._use_peepholes:
        c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev)
             * c_prev + tf.sigmoid(i + self._w_i_diag * c_prev) * tf.tanh(j))
      else:
        c = (tf.sigmoid(f + self._forget_bias) * c_prev
             + tf.sigmoid(i) * tf.tanh(j))
      if self._cell_clip is not None:
        c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
      if self._use_peepholes:
        m = tf.sigmoid(o + self._w_o_diag * c) * tf.tanh(c)
      else:
        m = tf.sigmoid(o) * tf.tanh(c)
      m_prev_freq = m
      states += [c, m]
      outputs.append(m)
    return tf.concat(outputs, 1), tf.concat(states, 1)
