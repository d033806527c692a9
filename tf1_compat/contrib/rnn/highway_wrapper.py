"""`HighwayWrapper` (Srivastava et al. 2015): a highway connection from a
cell's input to its output, as TF 1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.rnn import base

_V1 = tf.compat.v1


class HighwayWrapper(base.CellWrapper):
  """`output = x*carry + cell_output*transform`, per output leaf.

  `carry = sigmoid(x @ carry_w + carry_b)`; `transform = 1 - carry`, or its own
  `sigmoid(x @ transform_w + transform_b)` when the gates are not coupled. The
  inputs and outputs must have the same structure and shapes; the state passes
  through.

  TF1 quirk kept on purpose: the wrapper adds no scope of its own. The
  wrapped cell is called with the caller's `scope`, and `carry_w` `[depth,
  depth]`, `carry_b` (`carry_bias_init`), `transform_w`, `transform_b`
  (`-carry_bias_init`) are created with `tf.get_variable` in the scope the
  wrapper is called in (`rnn/carry_w` under `dynamic_rnn`).

  Args:
    cell: The wrapped cell.
    couple_carry_transform_gates: Whether `transform = 1 - carry`.
    carry_bias_init: Initial carry bias.
  """

  def __init__(self, cell, couple_carry_transform_gates=True,
               carry_bias_init=1.0):
    super().__init__(cell)
    self._couple_carry_transform_gates = couple_carry_transform_gates
    self._carry_bias_init = carry_bias_init

  def _variable(self, name, shape, initializer=None):
    variable = _V1.get_variable(name, shape, initializer=initializer)
    if all(variable is not v for v in self._trainable_weights):
      self._trainable_weights.append(variable)
    return variable

  def _highway(self, inputs, outputs):
    depth = tf.compat.dimension_value(inputs.shape.with_rank(2)[1])
    carry = tf.sigmoid(tf.compat.v1.nn.xw_plus_b(
        inputs, self._variable("carry_w", [depth, depth]),
        self._variable("carry_b", [depth], _V1.constant_initializer(
            self._carry_bias_init))))
    if self._couple_carry_transform_gates:
      transform = 1 - carry
    else:
      transform = tf.sigmoid(tf.compat.v1.nn.xw_plus_b(
          inputs, self._variable("transform_w", [depth, depth]),
          self._variable("transform_b", [depth], _V1.constant_initializer(
              -self._carry_bias_init))))
    return inputs * carry + outputs * transform

  def __call__(self, inputs, state, scope=None):
    inputs = tf.nest.map_structure(tf.convert_to_tensor, inputs)
    outputs, new_state = self._cell(inputs, state, scope=scope)
    tf.nest.assert_same_structure(inputs, outputs)
    for inp, out in zip(tf.nest.flatten(inputs), tf.nest.flatten(outputs)):
      if not inp.shape.is_compatible_with(out.shape):
        raise ValueError("HighwayWrapper: the cell's output shape %s does not "
                         "match its input shape %s" % (out.shape, inp.shape))
    return tf.nest.map_structure(self._highway, inputs, outputs), new_state
