"""`CoupledInputForgetGateLSTMCell` (CIFG, Greff et al. 2015) and the weight
sharding its family of contrib LSTMs used, as TF 1.15 computed them."""

import tensorflow as tf

from tf1_compat.contrib.layers import normalization
from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# Sub-scopes of the layer-normalized gates and state, in TF1's creation order.
NORM_SCOPES = ("transform", "forget", "output", "state")


def sharded_weight(cell, name, shape, num_shards):
  """`name_0 .. name_<n-1>`, split along axis 0 as TF1's contrib cells did
  (the first `shape[0] % n` shards one row longer), concatenated.

  With one shard the variable is still `<name>_0`, TF1's checkpoint name.
  """
  if num_shards > shape[0]:
    raise checks.ArgumentError("%s: too many shards: shape=%s, num_shards=%d"
                               % (type(cell).__name__, shape, num_shards))
  unit, remainder = divmod(shape[0], num_shards)
  shards = [cell.add_weight("%s_%d" % (name, i),
                            shape=[unit + (1 if i < remainder else 0)]
                            + list(shape[1:]))
            for i in range(num_shards)]
  return shards[0] if num_shards == 1 else tf.concat(shards, 0)


class CoupledInputForgetGateLSTMCell(base.LayerRNNCell):
  """An LSTM whose input gate is one minus its forget gate.

  `j, f, o = split([x, m] @ W (+ B))`; `f' = sigmoid(f + forget_bias [+
  W_F_diag*c])`, `c' = f'*c + (1 - f')*activation(j)`; `m = sigmoid(o [+
  W_O_diag*c'])*activation(c')`, then `m @ W_P` when projecting (clipped to
  `±proj_clip` if given). With `layer_norm`, `j`, `f`, `o` and `c'` are
  layer-normalized (sub-scopes `transform`, `forget`, `output`, `state`, each
  with `gamma`/`beta`) and `B` is created but not added, as in TF1.

  Variables, TF1's names: `W_0` `[depth + (num_proj or num_units),
  3 * num_units]` (`W_0 .. W_<n-1>` with `num_unit_shards`), `B` (zeros),
  `W_F_diag`, `W_O_diag`, `W_P_0` `[num_units, num_proj]`. TF1 quirk kept on
  purpose: `initializer` is accepted and ignored; the kernels take the
  enclosing scope's initializer, else Glorot-uniform.

  Args:
    num_units: Number of units.
    use_peepholes: Use the diagonal peephole weights.
    initializer: Ignored (see above).
    num_proj: Output projection depth, or None.
    proj_clip: Clip the projection to `±proj_clip`, or None.
    num_unit_shards: Shards of `W`.
    num_proj_shards: Shards of `W_P`.
    forget_bias: Added to the forget gate at run time.
    state_is_tuple: `LSTMStateTuple(c, m)` states, else `concat([c, m], 1)`.
    activation: Activation of the candidate and of the output.
    reuse: Reuse the variables of an existing scope of the same name.
    layer_norm: Layer-normalize the gates and the state.
    norm_gain: Initial `gamma`.
    norm_shift: Initial `beta`.
  """

  def __init__(self, num_units, use_peepholes=False, initializer=None,
               num_proj=None, proj_clip=None, num_unit_shards=1,
               num_proj_shards=1, forget_bias=1.0, state_is_tuple=True,
               activation=tf.tanh, reuse=None, layer_norm=False,
               norm_gain=1.0, norm_shift=0.0):
    super().__init__(_reuse=reuse)
    owner = type(self).__name__
    if not state_is_tuple:
      tf.get_logger().warning(
          "%s: Using a concatenated state is slower and will soon be "
          "deprecated.  Use state_is_tuple=True.", owner)
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._use_peepholes = use_peepholes
    self._initializer = initializer
    self._num_proj = checks.positive_int_or_none(num_proj, "num_proj", owner)
    self._proj_clip = proj_clip
    self._num_unit_shards = checks.positive_int(num_unit_shards,
                                                "num_unit_shards", owner)
    self._num_proj_shards = checks.positive_int(num_proj_shards,
                                                "num_proj_shards", owner)
    self._forget_bias = forget_bias
    self._state_is_tuple = state_is_tuple
    self._activation = activations.get(activation) or tf.tanh
    self._layer_norm = layer_norm
    self._norm_gain = norm_gain
    self._norm_shift = norm_shift
    self._output_units = self._num_proj or self._num_units

  @property
  def state_size(self):
    if self._state_is_tuple:
      return base.LSTMStateTuple(self._num_units, self._output_units)
    return self._num_units + self._output_units

  @property
  def output_size(self):
    return self._output_units

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    units = self._num_units
    self._kernel = sharded_weight(
        self, "W", [depth + self._output_units, 3 * units],
        self._num_unit_shards)
    self._bias = self.add_weight("B", shape=[3 * units],
                                 initializer=_V1.zeros_initializer())
    self._norms = {}
    if self._layer_norm:
      for scope in NORM_SCOPES:
        self._norms[scope] = (
            self.add_weight(scope + "/gamma", shape=[units],
                            initializer=_V1.constant_initializer(
                                self._norm_gain)),
            self.add_weight(scope + "/beta", shape=[units],
                            initializer=_V1.constant_initializer(
                                self._norm_shift)))
    if self._use_peepholes:
      self._w_f_diag = self.add_weight("W_F_diag", shape=[units])
      self._w_o_diag = self.add_weight("W_O_diag", shape=[units])
    if self._num_proj is not None:
      self._proj_kernel = sharded_weight(self, "W_P", [units, self._num_proj],
                                         self._num_proj_shards)

  def _norm(self, value, scope):
    gamma, beta = self._norms[scope]
    return normalization.normalize(value, gamma, beta)

  def call(self, inputs, state):
    if self._state_is_tuple:
      c_prev, m_prev = state
    else:
      c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
      m_prev = tf.slice(state, [0, self._num_units], [-1, self._output_units])
    matrix = tf.matmul(tf.concat([inputs, m_prev], 1), self._kernel)
    if not self._layer_norm:
      matrix = tf.nn.bias_add(matrix, self._bias)
    j, f, o = tf.split(matrix, num_or_size_splits=3, axis=1)
    if self._layer_norm:
      j = self._norm(j, "transform")
      f = self._norm(f, "forget")
      o = self._norm(o, "output")
    if self._use_peepholes:
      f_act = tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev)
    else:
      f_act = tf.sigmoid(f + self._forget_bias)
    c = f_act * c_prev + (1 - f_act) * self._activation(j)
    if self._layer_norm:
      c = self._norm(c, "state")
    if self._use_peepholes:
      m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
    else:
      m = tf.sigmoid(o) * self._activation(c)
    if self._num_proj is not None:
      m = tf.matmul(m, self._proj_kernel)
      if self._proj_clip is not None:
        m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
    if self._state_is_tuple:
      return m, base.LSTMStateTuple(c, m)
    return m, tf.concat([c, m], 1)
