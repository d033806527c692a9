"""`CFNCell`, the Chaos Free Network of Laurent and von Brecht (2017), as TF
1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.contrib.rnn import keras_args_cell
from tf1_compat.rnn import base


class CFNCell(keras_args_cell.KerasArgsCell):
  """A contracting state mixed with the projected input by two gates.

  `theta, eta = split(sigmoid(h @ U + x @ V + bias))`;
  `h' = theta*activation(h) + (1 - eta)*activation(x @ W)`; the output is the
  new state. The input gate is `1 - eta`, not the paper's `eta`, as in TF 1.15:
  with the default `ones` bias it starts small.

  Variables: `kernel` `[depth, 3 * units]` holding `V` (`V_theta`, `V_eta`,
  the first `2 * units` columns) and then `W`; `recurrent_kernel`
  `[units, 2 * units]` (`U`, initialized like `kernel`); `bias`
  `[2 * units]` (ones by default).

  Configured the Keras way, as in TF 1.15 (see `keras_args_cell`). TF 1.15
  exposed this cell only as `tensorflow.contrib.rnn.python.ops.rnn_cell.CFNCell`.

  Args:
    units: Number of units.
    activation: Activation of the state and of the projected input.
    kernel_initializer: Initializer of `kernel` and `recurrent_kernel`.
    bias_initializer: Initializer of `bias`.
    name: Base name of the variable scope (`cfn_cell` by default).
    dtype: Variable dtype; by default the first input's.
    **kwargs: The base layer's `trainable`, `_reuse`, ...
  """

  def build(self, inputs_shape):
    depth = self._input_depth(inputs_shape)
    self.kernel = self.add_weight(
        base.WEIGHTS_NAME, shape=[depth, 3 * self.units],
        initializer=self.kernel_initializer)
    self.recurrent_kernel = self.add_weight(
        "recurrent_" + base.WEIGHTS_NAME, shape=[self.units, 2 * self.units],
        initializer=self.kernel_initializer)
    self.bias = self.add_weight(base.BIAS_NAME, shape=[2 * self.units],
                                initializer=self.bias_initializer)

  def call(self, inputs, state):
    v, w = tf.split(self.kernel, [2 * self.units, self.units], axis=1)
    gates = tf.sigmoid(tf.nn.bias_add(
        tf.matmul(state, self.recurrent_kernel) + tf.matmul(inputs, v),
        self.bias))
    theta, eta = tf.split(gates, num_or_size_splits=2, axis=1)
    new_h = (theta * self.activation(state)
             + (1 - eta) * self.activation(tf.matmul(inputs, w)))
    return new_h, new_h
