"""GRUs on TensorFlow's fused GRU kernel: `GRUBlockCell` and `GRUBlockCellV2`.

Both run `tf.raw_ops.GRUBlockCell`, one step per call, with `GRUCell`'s math
(reset first, the reset applied before the candidate matmul, `h' = u*h +
(1 - u)*c`) and its bias initialization (gates 1.0, candidate 0.0). They differ
only in variable names, as in TF 1.15:

* `GRUBlockCell`: `w_ru` `[depth + units, 2 * units]`, `b_ru`, `w_c`
  `[depth + units, units]`, `b_c`, under the default scope `gru_cell`;
* `GRUBlockCellV2`: `gates/kernel`, `gates/bias`, `candidate/kernel`,
  `candidate/bias`, which are `tf.nn.rnn_cell.GRUCell`'s names, so checkpoints
  move between the two.

TensorFlow 2 ships the op and its gradient op but registers no gradient for
it; `fused_ops` registers one (the math TF1's contrib
registered).
"""

import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.contrib.rnn import fused_ops
from tf1_compat.rnn import base

_V1 = tf.compat.v1

V1_NAMES = ("w_ru", "b_ru", "w_c", "b_c")
V2_NAMES = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


class GRUBlockCell(base.LayerRNNCell):
  """TF1's `tf.contrib.rnn.GRUBlockCell`: `GRUCell`'s math on one fused op.

  Variables `w_ru`, `b_ru` (1.0), `w_c`, `b_c` (0.0); see the module docstring.

  Args:
    num_units: Number of units.
    cell_size: The deprecated name of `num_units`; give exactly one of them.
    reuse: Reuse the variables of an existing scope of the same name.
    name: Base name of the variable scope; `gru_cell` (uniquified) by default.
  """

  _VARIABLE_NAMES = V1_NAMES

  def __init__(self, num_units=None, cell_size=None, reuse=None,
               name="gru_cell"):
    super().__init__(name=name, _reuse=reuse)
    if (cell_size is None) == (num_units is None):
      raise checks.ArgumentError(
          "%s: exactly one of num_units or cell_size must be given, got "
          "num_units=%r, cell_size=%r" % (type(self).__name__, num_units,
                                          cell_size))
    if cell_size is not None:
      tf.get_logger().warning("%s: cell_size is deprecated, use num_units "
                              "instead", type(self).__name__)
    self._cell_size = checks.positive_int(
        num_units if num_units is not None else cell_size, "num_units",
        type(self).__name__)

  @property
  def state_size(self):
    return self._cell_size

  @property
  def output_size(self):
    return self._cell_size

  def build(self, input_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(input_shape)[1])
    units = self._cell_size
    gate_kernel, gate_bias, candidate_kernel, candidate_bias = (
        self._VARIABLE_NAMES)
    self._gate_kernel = self.add_weight(gate_kernel,
                                        shape=[depth + units, 2 * units])
    self._gate_bias = self.add_weight(
        gate_bias, shape=[2 * units], initializer=_V1.constant_initializer(1.0))
    self._candidate_kernel = self.add_weight(candidate_kernel,
                                             shape=[depth + units, units])
    self._candidate_bias = self.add_weight(
        candidate_bias, shape=[units],
        initializer=_V1.constant_initializer(0.0))

  def call(self, inputs, state):
    new_h = fused_ops.gru_block_step(
        inputs, state, self._gate_kernel, self._gate_bias,
        self._candidate_kernel, self._candidate_bias)
    return new_h, new_h


class GRUBlockCellV2(GRUBlockCell):
  """`GRUBlockCell` with `GRUCell`'s variable names (`gates/kernel`, ...)."""

  _VARIABLE_NAMES = V2_NAMES
