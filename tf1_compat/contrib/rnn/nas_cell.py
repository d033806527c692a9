"""`NASCell`: the recurrent cell found by Neural Architecture Search (Zoph and
Le 2017), as TF 1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# The eight branches of the searched cell.
NAS_BASE = 8


class NASCell(base.LayerRNNCell):
  """The NAS cell, with an optional output projection.

  Per step, `x @ kernel` and `h @ recurrent_kernel (+ bias)` are split into 8
  branches combined by the searched tree of sigmoid/relu/tanh sums and
  products; the new `c` is the tree's inner node and the output `tanh(...)`,
  projected by `projection_weights` when `num_proj` is set. The state is
  `LSTMStateTuple(c, h)`.

  Variables, in creation order: `recurrent_kernel` `[num_proj or num_units,
  8 * num_units]`, `kernel` `[depth, 8 * num_units]`, `bias` (zeros; only with
  `use_bias`), `projection_weights` `[num_units, num_proj]` (only with
  `num_proj`).

  Args:
    num_units: Number of units.
    num_proj: Output depth of the projection, or None.
    use_bias: Whether to add `bias` to the recurrent branch.
    reuse: Reuse the variables of an existing scope of the same name.
    name: Base name of the variable scope (`nas_cell` by default).
    dtype: Variable dtype; by default the first input's.
  """

  def __init__(self, num_units, num_proj=None, use_bias=False, reuse=None,
               name=None, dtype=None):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    owner = type(self).__name__
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._num_proj = checks.positive_int_or_none(num_proj, "num_proj", owner)
    self._use_bias = use_bias
    self._output_units = self._num_proj or self._num_units

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._output_units)

  @property
  def output_size(self):
    return self._output_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    width = NAS_BASE * self._num_units
    self.recurrent_kernel = self.add_weight(
        "recurrent_kernel", shape=[self._output_units, width])
    self.kernel = self.add_weight("kernel", shape=[depth, width])
    if self._use_bias:
      self.bias = self.add_weight("bias", shape=[width],
                                  initializer=_V1.zeros_initializer())
    if self._num_proj is not None:
      self.projection_weights = self.add_weight(
          "projection_weights", shape=[self._num_units, self._num_proj])

  def call(self, inputs, state):
    c_prev, m_prev = state
    recurrent = tf.matmul(m_prev, self.recurrent_kernel)
    if self._use_bias:
      recurrent = tf.nn.bias_add(recurrent, self.bias)
    m = tf.split(recurrent, NAS_BASE, axis=1)
    x = tf.split(tf.matmul(inputs, self.kernel), NAS_BASE, axis=1)
    layer1 = (tf.sigmoid(x[0] + m[0]), tf.nn.relu(x[1] + m[1]),
              tf.sigmoid(x[2] + m[2]), tf.nn.relu(x[3] * m[3]),
              tf.tanh(x[4] + m[4]), tf.sigmoid(x[5] + m[5]),
              tf.tanh(x[6] + m[6]), tf.sigmoid(x[7] + m[7]))
    layer2 = (tf.tanh(layer1[0] * layer1[1]), tf.tanh(layer1[2] + layer1[3]),
              tf.tanh(layer1[4] * layer1[5]), tf.sigmoid(layer1[6] + layer1[7]))
    new_c = tf.tanh(layer2[0] + c_prev) * layer2[1]
    new_m = tf.tanh(new_c * tf.tanh(layer2[2] + layer2[3]))
    if self._num_proj is not None:
      new_m = tf.matmul(new_m, self.projection_weights)
    return new_m, base.LSTMStateTuple(new_c, new_m)
