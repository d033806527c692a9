"""`IntersectionRNNCell`: the +RNN of Collins et al. (2017), as TF 1.15's
contrib computed it."""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

IN_PROJECTION_SCOPE = "in_projection"


class IntersectionRNNCell(base.LayerRNNCell):
  """A cell gated both through time (the state) and through depth (the output).

  `gh, h, gy, y = split([x, s] @ kernel + bias)` (`num_units` each);
  `s' = gh'*s + (1 - gh')*tanh(h)` with `gh' = sigmoid(gh + forget_bias)`, and
  the output `gy'*x + (1 - gy')*y_activation(y)` with `gy' = sigmoid(gy +
  forget_bias)`. The output mixes in the input, so the input depth must equal
  `num_units`: a first layer sets `num_in_proj=num_units` to project its input
  first (`in_projection/kernel`, `in_projection/bias`).

  Variables: `kernel` `[2 * num_units, 4 * num_units]` (`initializer`, else the
  enclosing scope's, else Glorot), `bias` (zeros), and the projection's.

  Args:
    num_units: Number of units.
    num_in_proj: Project the input to this depth first (set it to `num_units`
      in a first layer), or None.
    initializer: Initializer of the kernels, or None.
    forget_bias: Added to both gates at run time.
    y_activation: Activation of the depth candidate; relu by default.
    reuse: Reuse the variables of an existing scope of the same name.

  Raises:
    ValueError: at the first call, when the input depth is not `num_units`
      and `num_in_proj` is not set (TF1's message).
  """

  def __init__(self, num_units, num_in_proj=None, initializer=None,
               forget_bias=1.0, y_activation=tf.nn.relu, reuse=None):
    super().__init__(_reuse=reuse)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._num_input_proj = num_in_proj
    self._initializer = initializer
    self._forget_bias = forget_bias
    self._y_activation = activations.get(y_activation) or tf.nn.relu
    self._project = False

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    units = self._num_units
    if depth != units:
      if not self._num_input_proj:
        raise ValueError("Must have input size == output size for "
                         "Intersection RNN. To fix, num_in_proj should be set "
                         "to num_units at cell init. (cell %r: input depth %d, "
                         "num_units %d)" % (self._cell_label(), depth, units))
      self._project = True
      self._proj_kernel = self.add_weight(
          IN_PROJECTION_SCOPE + "/" + base.WEIGHTS_NAME, shape=[depth, units],
          initializer=self._initializer)
      self._proj_bias = self.add_weight(
          IN_PROJECTION_SCOPE + "/" + base.BIAS_NAME, shape=[units],
          initializer=_V1.constant_initializer(0.0))
    self._kernel = self.add_weight(base.WEIGHTS_NAME,
                                   shape=[2 * units, 4 * units],
                                   initializer=self._initializer)
    self._bias = self.add_weight(base.BIAS_NAME, shape=[4 * units],
                                 initializer=_V1.constant_initializer(0.0))

  def call(self, inputs, state):
    if self._project:
      inputs = tf.nn.bias_add(tf.matmul(inputs, self._proj_kernel),
                              self._proj_bias)
    matrix = tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, state], 1), self._kernel), self._bias)
    gh_act, h_act, gy_act, y_act = tf.split(matrix, num_or_size_splits=4,
                                            axis=1)
    gh = tf.sigmoid(gh_act + self._forget_bias)
    gy = tf.sigmoid(gy_act + self._forget_bias)
    new_state = gh * state + (1.0 - gh) * tf.tanh(h_act)
    new_y = gy * inputs + (1.0 - gy) * self._y_activation(y_act)
    return new_y, new_state
