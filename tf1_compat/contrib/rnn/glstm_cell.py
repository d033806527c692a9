"""`GLSTMCell`, the group LSTM of Kuchaiev and Ginsburg (2017), as TF 1.15's
contrib computed it."""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# TF1's gate order; each gate has its own bias variable, `bias_<gate>`.
_GATES = ("i", "j", "f", "o")


class GLSTMCell(base.LayerRNNCell):
  """An LSTM made of `number_of_groups` independent sub-LSTMs.

  Group `g` reads the `g`-th equal slice of the input and of the previous
  output `m` and computes its `i, j, f, o` with its own kernel; the groups'
  gates are concatenated, each gate gets its bias, and then
  `c' = sigmoid(f + forget_bias)*c + sigmoid(i)*tanh(j)`,
  `m' = sigmoid(o)*activation(c')`, projected by `projection/kernel` when
  `num_proj` is set. With one group it is `LSTMCell` without peepholes.

  Variables: `group<g>/kernel` `[depth/G + output/G, 4 * num_units/G]` for
  each group, `bias_i`, `bias_j`, `bias_f`, `bias_o` `[num_units]` (zeros),
  and `projection/kernel` `[num_units, num_proj]`. The kernels use
  `initializer`, else the enclosing scope's, else Glorot-uniform.

  TF1 quirks kept on purpose: the candidate always uses `tanh` (only the
  output uses `activation`), and the input depth is checked at the call, not
  at construction.

  Args:
    num_units: Number of units; divisible by `number_of_groups`.
    initializer: Initializer of the kernels, or None.
    num_proj: Output projection depth, divisible by `number_of_groups`, or
      None.
    number_of_groups: Number of groups.
    forget_bias: Added to the forget gate at run time.
    activation: Activation of the output.
    reuse: Reuse the variables of an existing scope of the same name.

  Raises:
    ValueError: `num_units` or `num_proj` not divisible by
      `number_of_groups` (at construction); an input depth unknown or not
      divisible by it (at the call).
  """

  def __init__(self, num_units, initializer=None, num_proj=None,
               number_of_groups=1, forget_bias=1.0, activation=tf.tanh,
               reuse=None):
    super().__init__(_reuse=reuse)
    owner = type(self).__name__
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._initializer = initializer
    self._num_proj = checks.positive_int_or_none(num_proj, "num_proj", owner)
    self._number_of_groups = checks.positive_int(number_of_groups,
                                                 "number_of_groups", owner)
    self._forget_bias = forget_bias
    self._activation = activations.get(activation) or tf.tanh
    if self._num_units % self._number_of_groups:
      raise checks.ArgumentError(
          "%s: num_units must be divisible by number_of_groups; got num_units="
          "%d, number_of_groups=%d" % (owner, num_units, number_of_groups))
    if self._num_proj and self._num_proj % self._number_of_groups:
      raise checks.ArgumentError(
          "%s: num_proj must be divisible by number_of_groups; got "
          "num_proj=%d, number_of_groups=%d" % (owner, num_proj,
                                                number_of_groups))
    self._output_units = self._num_proj or self._num_units
    self._group_units = self._num_units // self._number_of_groups
    self._group_outputs = self._output_units // self._number_of_groups

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._output_units)

  @property
  def output_size(self):
    return self._output_units

  def _check_input(self, inputs):
    depth = (tf.compat.dimension_value(inputs.shape[-1])
             if inputs.shape.rank == 2 else None)
    if inputs.shape.rank == 2 and depth is None:
      raise ValueError("input size must be statically known: cell %r got "
                       "shape %s" % (self._cell_label(), inputs.shape))
    if depth is not None and depth % self._number_of_groups:
      raise ValueError(
          "input size (%d) must be divisible by number_of_groups (%d) (cell %r)"
          % (depth, self._number_of_groups, self._cell_label()))
    super()._check_input(inputs)

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    self._input_group = depth // self._number_of_groups
    self._group_kernels = [
        self.add_weight("group%d/%s" % (g, base.WEIGHTS_NAME),
                        shape=[self._input_group + self._group_outputs,
                               4 * self._group_units],
                        initializer=self._initializer)
        for g in range(self._number_of_groups)]
    self._biases = [
        self.add_weight("bias_" + gate, shape=[self._num_units],
                        initializer=_V1.constant_initializer(0.0))
        for gate in _GATES]
    if self._num_proj is not None:
      self._proj_kernel = self.add_weight(
          "projection/" + base.WEIGHTS_NAME,
          shape=[self._num_units, self._num_proj],
          initializer=self._initializer)

  def call(self, inputs, state):
    c_prev, m_prev = state
    parts = [[] for _ in _GATES]
    for g, kernel in enumerate(self._group_kernels):
      group_input = tf.concat([
          tf.slice(inputs, [0, g * self._input_group], [-1, self._input_group],
                   name="GLSTM_group%d_input_generation" % g),
          tf.slice(m_prev, [0, g * self._group_outputs],
                   [-1, self._group_outputs],
                   name="GLSTM_group%d_input_generation" % g)], axis=1)
      for gate_parts, gate in zip(parts, tf.split(
          tf.matmul(group_input, kernel), 4, axis=1)):
        gate_parts.append(gate)
    i, j, f, o = (tf.nn.bias_add(tf.concat(gate_parts, axis=1), bias)
                  for gate_parts, bias in zip(parts, self._biases))
    c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * tf.tanh(j)
    m = tf.sigmoid(o) * self._activation(c)
    if self._num_proj is not None:
      m = tf.matmul(m, self._proj_kernel)
    return m, base.LSTMStateTuple(c, m)
