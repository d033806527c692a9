"""`SRUCell`: the simple recurrent unit of Lei et al. (2017), as TF 1.15's contrib
computed it."""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.framework import input_spec
from tf1_compat.rnn import base

_V1 = tf.compat.v1


class SRUCell(base.LayerRNNCell):
  """An RNN whose recurrence is elementwise: no matrix multiplies the state.

  `x_bar, f', r', x_tx = split(x @ kernel)`; `f, r = sigmoid([f', r'] + bias)`;
  `c' = f*c + (1 - f)*x_bar`; `h = r*activation(c') + (1 - r)*x_tx`. The state
  is `c'`, the output `h` (so the input depth must equal `num_units` only
  through `x_tx`'s width, which the kernel gives).

  Variables: `kernel` `[depth, 4 * num_units]` and `bias` `[2 * num_units]`
  (zeros). Inputs must be `[batch, depth]` with a known depth.

  Args:
    num_units: Number of units.
    activation: Of the cell state; tanh by default.
    reuse: Reuse the variables of an existing scope of the same name.
    name: Layer name.
    **kwargs: The base layer's keyword arguments (`dtype`, `trainable`).
  """

  def __init__(self, num_units, activation=None, reuse=None, name=None,
               **kwargs):
    super().__init__(_reuse=reuse, name=name, **kwargs)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._activation = activations.get(activation) or tf.tanh
    self.input_spec = input_spec.InputSpec(ndim=2)

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    if depth is None:
      raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s "
                       "(SRUCell %r)" % (inputs_shape, self.name))
    self._kernel = self.add_weight(base.WEIGHTS_NAME,
                                   shape=[depth, 4 * self._num_units])
    self._bias = self.add_weight(base.BIAS_NAME, shape=[2 * self._num_units],
                                 initializer=_V1.zeros_initializer())

  def call(self, inputs, state):
    x_bar, f_pre, r_pre, x_tx = tf.split(tf.matmul(inputs, self._kernel), 4,
                                         axis=1)
    f, r = tf.split(tf.sigmoid(tf.nn.bias_add(tf.concat([f_pre, r_pre], 1),
                                              self._bias)), 2, axis=1)
    c = f * state + (1.0 - f) * x_bar
    h = r * self._activation(c) + (1.0 - r) * x_tx
    return h, c
