"""`LayerNormBasicLSTMCell`: a BasicLSTM with layer normalization and recurrent
dropout (Ba et al. 2016; Semeniuta et al. 2016), as TF1's contrib computed it."""

import numbers

import tensorflow as tf

from tf1_compat.contrib.layers import normalization
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# Sub-scopes of the normalized gates and state, in TF1's creation order.
NORM_SCOPES = ("input", "transform", "forget", "output", "state")


class LayerNormBasicLSTMCell(base.LayerRNNCell):
  """LSTM whose gate pre-activations and new cell state are layer-normalized.

  Per step, with `z = [x, h] @ kernel` split into `i, j, f, o`:
  each of `i, j, f, o` is layer-normalized (epsilon 1e-12) with its own `gamma`
  (init `norm_gain`) and `beta` (init `norm_shift`) in sub-scopes `input`,
  `transform`, `forget`, `output`; `g = activation(j)`, dropped out with
  `dropout_keep_prob` (recurrent dropout, a fresh mask each step);
  `c' = c*sigmoid(f + forget_bias) + sigmoid(i)*g`, then normalized in sub-scope
  `state`; `h' = activation(c')*sigmoid(o)`.

  Variables: `kernel` `[depth + num_units, 4*num_units]`, and `bias` `[4*num_units]`
  only when `layer_norm=False`. TF1 quirk kept on purpose: that `bias` has no
  explicit initializer, so it gets the scope's initializer or Glorot-uniform, not
  zeros.

  Args:
    num_units: Number of units.
    forget_bias: Added to the forget gate at run time.
    input_size: Deprecated and ignored (as in TF1).
    activation: Activation of the candidate and of the output.
    layer_norm: If False, a plain BasicLSTM with a (Glorot-initialized) bias.
    norm_gain: Initial `gamma`.
    norm_shift: Initial `beta`.
    dropout_keep_prob: Keep probability of the recurrent dropout (float or
      scalar tensor); 1.0 adds no op.
    dropout_prob_seed: Op seed of the dropout.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, num_units, forget_bias=1.0, input_size=None,
               activation=tf.tanh, layer_norm=True, norm_gain=1.0,
               norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None,
               reuse=None):
    super().__init__(_reuse=reuse)
    if input_size is not None:
      tf.get_logger().warning("%s: the input_size parameter is deprecated.",
                              self.name)
    self._num_units = num_units
    self._forget_bias = forget_bias
    self._activation = activation
    self._layer_norm = layer_norm
    self._norm_gain = norm_gain
    self._norm_shift = norm_shift
    self._keep_prob = dropout_keep_prob
    self._seed = dropout_prob_seed

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._num_units)

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
    units = self._num_units
    self._kernel = self.add_weight(base.WEIGHTS_NAME,
                                   shape=[depth + units, 4 * units])
    self._bias = None
    if not self._layer_norm:
      self._bias = self.add_weight(base.BIAS_NAME, shape=[4 * units])
    self._norms = {}
    if self._layer_norm:
      for scope in NORM_SCOPES:
        gamma = self.add_weight(
            scope + "/gamma", shape=[units],
            initializer=_V1.constant_initializer(self._norm_gain))
        beta = self.add_weight(
            scope + "/beta", shape=[units],
            initializer=_V1.constant_initializer(self._norm_shift))
        self._norms[scope] = (gamma, beta)

  def _norm(self, value, scope):
    gamma, beta = self._norms[scope]
    return normalization.normalize(value, gamma, beta)

  def _drops(self):
    return (not isinstance(self._keep_prob, numbers.Real)
            or self._keep_prob < 1.0)

  def call(self, inputs, state):
    c, h = state
    gates = tf.matmul(tf.concat([inputs, h], 1), self._kernel)
    if self._bias is not None:
      gates = tf.nn.bias_add(gates, self._bias)
    i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
    if self._layer_norm:
      i = self._norm(i, "input")
      j = self._norm(j, "transform")
      f = self._norm(f, "forget")
      o = self._norm(o, "output")
    g = self._activation(j)
    if self._drops():
      g = tf.nn.dropout(g, rate=1.0 - self._keep_prob, seed=self._seed)
    new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * g
    if self._layer_norm:
      new_c = self._norm(new_c, "state")
    new_h = self._activation(new_c) * tf.sigmoid(o)
    return new_h, base.LSTMStateTuple(new_c, new_h)
