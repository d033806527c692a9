"""The layer-normalized LSTMs (Ba et al. 2016) of TF1's contrib, as it computed
them: `LayerNormBasicLSTMCell`, a BasicLSTM with recurrent dropout (Semeniuta
et al. 2016), and `LayerNormLSTMCell`, an LSTMCell with peepholes, cell
clipping and a projection."""

import numbers

import tensorflow as tf

from tf1_compat.contrib.layers import normalization
from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# Sub-scopes of the normalized gates and state, in TF1's creation order.
NORM_SCOPES = ("input", "transform", "forget", "output", "state")


def _norm(norms, value, scope):
  """`value` layer-normalized with the `(gamma, beta)` of `norms[scope]`."""
  gamma, beta = norms[scope]
  return normalization.normalize(value, gamma, beta)


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
      i = _norm(self._norms, i, "input")
      j = _norm(self._norms, j, "transform")
      f = _norm(self._norms, f, "forget")
      o = _norm(self._norms, o, "output")
    g = self._activation(j)
    if self._drops():
      g = tf.nn.dropout(g, rate=1.0 - self._keep_prob, seed=self._seed)
    new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * g
    if self._layer_norm:
      new_c = _norm(self._norms, new_c, "state")
    new_h = self._activation(new_c) * tf.sigmoid(o)
    return new_h, base.LSTMStateTuple(new_c, new_h)


class LayerNormLSTMCell(base.LayerRNNCell):
  """`LSTMCell` whose gate pre-activations and new cell state can be
  layer-normalized.

  Per step, with `z = [x, m] @ kernel (+ bias)` split into `i, j, f, o`:
  with `layer_norm`, each of `i, j, f, o` is layer-normalized (epsilon 1e-12,
  `gamma` initialized to `norm_gain`, `beta` to `norm_shift`, in sub-scopes
  `input`, `transform`, `forget`, `output`);
  `c' = sigmoid(f + forget_bias [+ w_f_diag*c])*c + sigmoid(i [+ w_i_diag*c])
  *activation(j)`, normalized in sub-scope `state`, then clipped to
  `±cell_clip`; `m = sigmoid(o [+ w_o_diag*c'])*activation(c')`, then
  `m @ projection/kernel` clipped to `±proj_clip`. The state is
  `LSTMStateTuple(c', m)`.

  Variables, in TF1's order: `kernel` `[depth + (num_proj or num_units),
  4 * num_units]`, `bias` (zeros), the gates' `gamma`/`beta`, `w_f_diag`,
  `w_i_diag`, `w_o_diag`, `state/gamma`/`state/beta`, `projection/kernel`
  `[num_units, num_proj]`. `kernel`, the peepholes and the projection use
  `initializer`, else the enclosing scope's, else Glorot-uniform.

  TF1 quirks kept on purpose: with `layer_norm` the `bias` is still created
  (and saved) but not added, and the state is normalized *before* the cell
  clip. TF 1.15 exposed this cell only as
  `tensorflow.contrib.rnn.python.ops.rnn_cell.LayerNormLSTMCell`.

  Args:
    num_units: Number of units.
    use_peepholes: Use the diagonal peephole weights.
    cell_clip: Clip the cell state to `±cell_clip`, or None.
    initializer: Initializer of the kernels and peepholes, or None.
    num_proj: Output projection depth, or None.
    proj_clip: Clip the projection to `±proj_clip`, or None.
    forget_bias: Added to the forget gate at run time.
    activation: Activation of the candidate and of the output; tanh by
      default.
    layer_norm: Layer-normalize the gates and the state.
    norm_gain: Initial `gamma`.
    norm_shift: Initial `beta`.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, num_units, use_peepholes=False, cell_clip=None,
               initializer=None, num_proj=None, proj_clip=None,
               forget_bias=1.0, activation=None, layer_norm=False,
               norm_gain=1.0, norm_shift=0.0, reuse=None):
    super().__init__(_reuse=reuse)
    owner = type(self).__name__
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._use_peepholes = use_peepholes
    self._cell_clip = cell_clip
    self._initializer = initializer
    self._num_proj = checks.positive_int_or_none(num_proj, "num_proj", owner)
    self._proj_clip = proj_clip
    self._forget_bias = forget_bias
    self._activation = activations.get(activation) or tf.tanh
    self._layer_norm = layer_norm
    self._norm_gain = norm_gain
    self._norm_shift = norm_shift
    self._output_units = self._num_proj or self._num_units

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._output_units)

  @property
  def output_size(self):
    return self._output_units

  def _add_norm(self, scope):
    self._norms[scope] = (
        self.add_weight(scope + "/gamma", shape=[self._num_units],
                        initializer=_V1.constant_initializer(self._norm_gain)),
        self.add_weight(scope + "/beta", shape=[self._num_units],
                        initializer=_V1.constant_initializer(
                            self._norm_shift)))

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    units = self._num_units
    self._kernel = self.add_weight(
        base.WEIGHTS_NAME, shape=[depth + self._output_units, 4 * units],
        initializer=self._initializer)
    self._bias = self.add_weight(base.BIAS_NAME, shape=[4 * units],
                                 initializer=_V1.constant_initializer(0.0))
    self._norms = {}
    if self._layer_norm:
      for scope in NORM_SCOPES[:-1]:
        self._add_norm(scope)
    if self._use_peepholes:
      self._w_f_diag, self._w_i_diag, self._w_o_diag = (
          self.add_weight(name, shape=[units], initializer=self._initializer)
          for name in ("w_f_diag", "w_i_diag", "w_o_diag"))
    if self._layer_norm:
      self._add_norm(NORM_SCOPES[-1])
    if self._num_proj is not None:
      self._proj_kernel = self.add_weight(
          "projection/" + base.WEIGHTS_NAME, shape=[units, self._num_proj],
          initializer=self._initializer)


  def call(self, inputs, state):
    c_prev, m_prev = state
    gates = tf.matmul(tf.concat([inputs, m_prev], 1), self._kernel)
    if not self._layer_norm:
      gates = tf.nn.bias_add(gates, self._bias)
    i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
    if self._layer_norm:
      i, j, f, o = (_norm(self._norms, gate, scope)
                    for gate, scope in zip((i, j, f, o), NORM_SCOPES))
    if self._use_peepholes:
      c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
           + tf.sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
    else:
      c = (tf.sigmoid(f + self._forget_bias) * c_prev
           + tf.sigmoid(i) * self._activation(j))
    if self._layer_norm:
      c = _norm(self._norms, c, "state")
    if self._cell_clip is not None:
      c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
    if self._use_peepholes:
      m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
    else:
      m = tf.sigmoid(o) * self._activation(c)
    if self._num_proj is not None:
      m = tf.matmul(m, self._proj_kernel)
      if self._proj_clip is not None:
        m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
    return m, base.LSTMStateTuple(c, m)
