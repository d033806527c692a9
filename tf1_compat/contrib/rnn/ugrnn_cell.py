"""`UGRNNCell`: the update-gate RNN of Collins et al. (2017), as TF 1.15's
contrib computed it."""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1


class UGRNNCell(base.LayerRNNCell):
  """One gate deciding between keeping the state and a vanilla-RNN update.

  `g_act, c_act = split([x, h] @ kernel + bias)`; `c = activation(c_act)`,
  `g = sigmoid(g_act + forget_bias)`, `h' = g*h + (1 - g)*c`; output = state.

  Variables: `kernel` `[depth + num_units, 2 * num_units]` (`initializer`, else
  the enclosing scope's, else Glorot) and `bias` (zeros).

  Args:
    num_units: Number of units.
    initializer: Initializer of `kernel`, or None.
    forget_bias: Added to the gate at run time.
    activation: Activation of the candidate; tanh by default.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, num_units, initializer=None, forget_bias=1.0,
               activation=tf.tanh, reuse=None):
    super().__init__(_reuse=reuse)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._initializer = initializer
    self._forget_bias = forget_bias
    self._activation = activations.get(activation) or tf.tanh

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    self._kernel = self.add_weight(
        base.WEIGHTS_NAME, shape=[depth + self._num_units, 2 * self._num_units],
        initializer=self._initializer)
    self._bias = self.add_weight(base.BIAS_NAME, shape=[2 * self._num_units],
                                 initializer=_V1.constant_initializer(0.0))

  def call(self, inputs, state):
    matrix = tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, state], 1), self._kernel), self._bias)
    g_act, c_act = tf.split(matrix, num_or_size_splits=2, axis=1)
    candidate = self._activation(c_act)
    gate = tf.sigmoid(g_act + self._forget_bias)
    new_state = gate * state + (1.0 - gate) * candidate
    return new_state, new_state
