"""`PhasedLSTMCell` (Neil et al. 2016): an LSTM whose units update only in
their open phase of a learned oscillation, as TF 1.15's contrib computed it."""

import math

import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# Sub-scopes of the three gate layers, each with `kernel` and `bias`.
GATE_SCOPES = ("mask_gates", "new_input", "output_gate")


def _random_exp_initializer(minval, maxval, seed=None):
  """`exp(U(log(minval), log(maxval)))`: periods spread over decades."""
  def initializer(shape, dtype=tf.float32, partition_info=None):
    del partition_info
    return tf.exp(tf.random.uniform(shape, math.log(minval), math.log(maxval),
                                    dtype, seed=seed))
  return initializer


def _modulo(x, y):
  """`x mod y` whose gradient w.r.t. `x` is 1 (TF1's choice)."""
  return tf.stop_gradient(tf.math.floormod(x, y) - x) + x


class PhasedLSTMCell(base.RNNCell):
  """A peephole-optional LSTM gated by a per-unit time oscillation.

  Call it on `(time, x)`: `time` `[batch, 1]` (float32 or float64) and `x`
  `[batch, depth]`. An LSTM step gives candidates `c~, h~` (`mask_gates` gives
  `i, f`; `new_input` the candidate; `output_gate` the output gate; each a
  `kernel`/`bias` pair over `[x, h]`, plus `c` (resp. the new `c`) with
  peepholes). With `phi = ((time - phase) mod period) / period` the openness is
  `k = 2*phi/ratio_on` while `phi < ratio_on/2`, `2 - 2*phi/ratio_on` while
  `phi < ratio_on`, and `leak*phi` otherwise; `c' = k*c~ + (1 - k)*c`, likewise
  `h'`. Output `h'`; state `LSTMStateTuple(c', h')`.

  Variables: the three gate layers, `period` (`exp(U(log(period_init_min),
  log(period_init_max)))`), `phase` (`U(0, period)`), `ratio_on`
  (`ratio_on`; trainable if `trainable_ratio_on`).

  Args:
    num_units: Number of units.
    use_peepholes: Feed `c` to the gates.
    leak: Leak in the closed phase.
    ratio_on: Fraction of the period during which a unit is open.
    trainable_ratio_on: Whether `ratio_on` is trained.
    period_init_min: Smallest initial period.
    period_init_max: Largest initial period.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, num_units, use_peepholes=False, leak=0.001, ratio_on=0.1,
               trainable_ratio_on=True, period_init_min=1.0,
               period_init_max=1000.0, reuse=None):
    super().__init__(_reuse=reuse)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._use_peepholes = use_peepholes
    self._leak = leak
    self._ratio_on = ratio_on
    self._trainable_ratio_on = trainable_ratio_on
    self._period_init_min = period_init_min
    self._period_init_max = period_init_max

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._num_units)

  @property
  def output_size(self):
    return self._num_units

  def _check_input(self, inputs):
    if not isinstance(inputs, (tuple, list)) or len(inputs) != 2:
      raise ValueError("Input of cell %r must be a pair (time `[batch, 1]`, x "
                       "`[batch, depth]`); got %r" % (self._cell_label(),
                                                      inputs))
    time, x = inputs
    if x.shape.rank != 2 or tf.compat.dimension_value(x.shape[1]) is None:
      raise ValueError("Input x of cell %r must be 2-D `[batch, depth]` with "
                       "a known depth; got shape %s" % (self._cell_label(),
                                                        x.shape))
    if not time.dtype.is_floating:
      raise ValueError("Input time of cell %r must be float32 or float64; got "
                       "%s" % (self._cell_label(), time.dtype.name))

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(inputs_shape[1][1])
    units = self._num_units
    peephole = units if self._use_peepholes else 0
    sizes = {"mask_gates": (depth + units + peephole, 2 * units),
             "new_input": (depth + units, units),
             "output_gate": (depth + units + peephole, units)}
    self._gates = {}
    for scope in GATE_SCOPES:
      rows, columns = sizes[scope]
      self._gates[scope] = (
          self.add_weight(scope + "/" + base.WEIGHTS_NAME,
                          shape=[rows, columns], dtype=tf.float32),
          self.add_weight(scope + "/" + base.BIAS_NAME, shape=[columns],
                          dtype=tf.float32,
                          initializer=_V1.constant_initializer(0.0)))
    self._period = self.add_weight(
        "period", shape=[units], dtype=tf.float32,
        initializer=_random_exp_initializer(self._period_init_min,
                                            self._period_init_max))
    self._phase = self.add_weight(
        "phase", shape=[units], dtype=tf.float32,
        initializer=_V1.random_uniform_initializer(
            0.0, self._period.initial_value))
    self._ratio_on_variable = self.add_weight(
        "ratio_on", shape=[units], dtype=tf.float32,
        initializer=_V1.constant_initializer(self._ratio_on),
        trainable=self._trainable_ratio_on)

  def _linear(self, scope, args):
    kernel, bias = self._gates[scope]
    return tf.nn.bias_add(tf.matmul(tf.concat(args, 1), kernel), bias)

  def call(self, inputs, state):
    c_prev, h_prev = state
    time, x = inputs
    mask_inputs = [x, h_prev] + ([c_prev] if self._use_peepholes else [])
    input_gate, forget_gate = tf.split(
        tf.sigmoid(self._linear("mask_gates", mask_inputs)), 2, axis=1)
    new_input = tf.tanh(self._linear("new_input", [x, h_prev]))
    new_c = c_prev * forget_gate + input_gate * new_input
    out_inputs = [x, h_prev] + ([new_c] if self._use_peepholes else [])
    output_gate = tf.sigmoid(self._linear("output_gate", out_inputs))
    new_h = tf.tanh(new_c) * output_gate
    period = tf.cast(self._period, time.dtype)
    shifted = time - tf.cast(self._phase, time.dtype)
    cycle_ratio = tf.cast(_modulo(shifted, period) / period, tf.float32)
    ratio_on = self._ratio_on_variable
    k_up = 2 * cycle_ratio / ratio_on
    k = tf.where(cycle_ratio < ratio_on, 2 - k_up, self._leak * cycle_ratio)
    k = tf.where(cycle_ratio < 0.5 * ratio_on, k_up, k)
    new_c = k * new_c + (1 - k) * c_prev
    new_h = k * new_h + (1 - k) * h_prev
    return new_h, base.LSTMStateTuple(new_c, new_h)
