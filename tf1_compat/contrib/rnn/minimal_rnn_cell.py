"""`MinimalRNNCell` (Chen, Pennington and Schoenholz 2018), as TF 1.15's contrib
computed it."""

import tensorflow as tf

from tf1_compat.contrib.rnn import keras_args_cell
from tf1_compat.rnn import base


class MinimalRNNCell(keras_args_cell.KerasArgsCell):
  """Projects the input to the hidden space, then gates it against the state.

  `z = activation(x @ W_x)`; `u = sigmoid([z, h] @ [W; V] + bias)`;
  `h' = u*h + (1 - u)*z`; the output is the new state.

  Variables: one `kernel` `[depth + 2 * units, units]` holding `W_x` (the
  first `depth` rows) and then `W`, `V`; `bias` `[units]` (ones by default).

  Configured the Keras way, as in TF 1.15 (see `keras_args_cell`). TF 1.15
  exposed this cell only as
  `tensorflow.contrib.rnn.python.ops.rnn_cell.MinimalRNNCell`.

  Args:
    units: Number of units.
    activation: Activation of the input projection (a callable or a name).
    kernel_initializer: Initializer of `kernel`.
    bias_initializer: Initializer of `bias`.
    name: Base name of the variable scope (`minimal_rnn_cell` by default).
    dtype: Variable dtype; by default the first input's.
    **kwargs: The base layer's `trainable`, `_reuse`, ...
  """

  def build(self, inputs_shape):
    depth = self._input_depth(inputs_shape)
    self.kernel = self.add_weight(
        base.WEIGHTS_NAME, shape=[depth + 2 * self.units, self.units],
        initializer=self.kernel_initializer)
    self.bias = self.add_weight(base.BIAS_NAME, shape=[self.units],
                                initializer=self.bias_initializer)

  def call(self, inputs, state):
    depth = tf.compat.dimension_value(inputs.shape[1])
    feedforward_weight, gate_weight = tf.split(
        self.kernel, [depth, 2 * self.units], axis=0)
    feedforward = self.activation(tf.matmul(inputs, feedforward_weight))
    gate = tf.sigmoid(tf.nn.bias_add(
        tf.matmul(tf.concat([feedforward, state], 1), gate_weight), self.bias))
    new_h = gate * state + (1 - gate) * feedforward
    return new_h, new_h
