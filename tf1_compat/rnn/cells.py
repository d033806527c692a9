"""The TF 1.15 core cells: BasicRNNCell, BasicLSTMCell, LSTMCell and GRUCell.

Each step is one fused matmul over `concat([inputs, h], 1)` (GRU: one for the gates,
one for the candidate), with TF1's gate order and variable names so that TF1
checkpoints restore and the same weights give the same numbers.
"""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import base_layer
from tf1_compat.rnn import base

_V1 = tf.compat.v1


def _input_depth(cell, inputs_shape):
  depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
  if depth is None:
    raise ValueError("Expected inputs.shape[-1] of cell %r to be known, saw shape: %s"
                     % (cell._cell_label(), inputs_shape))
  return depth


class BasicRNNCell(base.LayerRNNCell):
  """`h' = activation([x, h] @ kernel + bias)`; the output is the new state.

  Variables: `kernel` `[depth + num_units, num_units]`, `bias` `[num_units]` (zeros).
  """

  def __init__(self, num_units, activation=None, reuse=None, name=None,
               dtype=None):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    self._num_units = num_units
    self._activation = activations.get(activation) or tf.tanh

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = _input_depth(self, inputs_shape)
    self._kernel = self.add_weight(
        base.WEIGHTS_NAME, shape=[depth + self._num_units, self._num_units])
    self._bias = self.add_weight(
        base.BIAS_NAME, shape=[self._num_units], initializer=_V1.zeros_initializer())

  def call(self, inputs, state):
    pre_activation = tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, state], 1), self._kernel), self._bias)
    output = self._activation(pre_activation)
    return output, output


class BasicLSTMCell(base.LayerRNNCell):
  """The LSTM of Zaremba et al. (2014), TF1's `BasicLSTMCell`.

  Gates come out of one matmul as `i, j, f, o` (input, candidate, forget, output);
  `forget_bias` is added to `f` at run time and is never stored in `bias`:
  `c' = c*sigmoid(f + forget_bias) + sigmoid(i)*act(j)`, `h' = act(c')*sigmoid(o)`.

  Variables: `kernel` `[depth + num_units, 4*num_units]`, `bias` `[4*num_units]`.
  """

  def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True,
               activation=None, reuse=None, name=None, dtype=None):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    if not state_is_tuple:
      tf.get_logger().warning(
          "%s: Using a concatenated state is slower and will soon be deprecated."
          "  Use state_is_tuple=True.", self)
    self._num_units = num_units
    self._forget_bias = forget_bias
    self._state_is_tuple = state_is_tuple
    self._activation = activations.get(activation) or tf.tanh

  @property
  def state_size(self):
    if self._state_is_tuple:
      return base.LSTMStateTuple(self._num_units, self._num_units)
    return 2 * self._num_units

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = _input_depth(self, inputs_shape)
    self._kernel = self.add_weight(
        base.WEIGHTS_NAME, shape=[depth + self._num_units, 4 * self._num_units])
    self._bias = self.add_weight(
        base.BIAS_NAME, shape=[4 * self._num_units],
        initializer=_V1.zeros_initializer())

  def call(self, inputs, state):
    if self._state_is_tuple:
      c, h = state
    else:
      c, h = tf.split(state, num_or_size_splits=2, axis=1)
    gates = tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, h], 1), self._kernel), self._bias)
    i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
    forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * self._activation(j)
    new_h = self._activation(new_c) * tf.sigmoid(o)
    if self._state_is_tuple:
      return new_h, base.LSTMStateTuple(new_c, new_h)
    return new_h, tf.concat([new_c, new_h], 1)


class LSTMCell(base.LayerRNNCell):
  """TF1's full LSTM: optional peepholes, cell clipping and an output projection.

  Variables: `kernel` `[depth + (num_proj or num_units), 4*num_units]` and `bias`
  (zeros); with `use_peepholes`, `w_f_diag`, `w_i_diag`, `w_o_diag` `[num_units]`;
  with `num_proj`, `projection/kernel` `[num_units, num_proj]` (no bias). The
  `*_shards` arguments split the kernels with `fixed_size_partitioner`, as TF1 did.
  The state is `LSTMStateTuple(c, m)`; `m` (the output) has `num_proj` units when
  projecting.
  """

  def __init__(self, num_units, use_peepholes=False, cell_clip=None,
               initializer=None, num_proj=None, proj_clip=None,
               num_unit_shards=None, num_proj_shards=None, forget_bias=1.0,
               state_is_tuple=True, activation=None, reuse=None, name=None,
               dtype=None):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    if not state_is_tuple:
      tf.get_logger().warning(
          "%s: Using a concatenated state is slower and will soon be deprecated."
          "  Use state_is_tuple=True.", self)
    self._num_units = num_units
    self._use_peepholes = use_peepholes
    self._cell_clip = cell_clip
    self._initializer = initializer
    self._num_proj = num_proj
    self._proj_clip = proj_clip
    self._num_unit_shards = num_unit_shards
    self._num_proj_shards = num_proj_shards
    self._forget_bias = forget_bias
    self._state_is_tuple = state_is_tuple
    self._activation = activations.get(activation) or tf.tanh
    self._output_units = num_proj if num_proj else num_units

  @property
  def state_size(self):
    if self._state_is_tuple:
      return base.LSTMStateTuple(self._num_units, self._output_units)
    return self._num_units + self._output_units

  @property
  def output_size(self):
    return self._output_units

  def build(self, inputs_shape):
    depth = _input_depth(self, inputs_shape)
    unit_partitioner = (
        _V1.fixed_size_partitioner(self._num_unit_shards)
        if self._num_unit_shards is not None else None)
    self._kernel = self.add_weight(
        base.WEIGHTS_NAME, shape=[depth + self._output_units, 4 * self._num_units],
        initializer=self._initializer, partitioner=unit_partitioner)
    self._bias = self.add_weight(
        base.BIAS_NAME, shape=[4 * self._num_units],
        initializer=_V1.zeros_initializer())
    if self._use_peepholes:
      self._w_f_diag = self.add_weight(
          "w_f_diag", shape=[self._num_units], initializer=self._initializer)
      self._w_i_diag = self.add_weight(
          "w_i_diag", shape=[self._num_units], initializer=self._initializer)
      self._w_o_diag = self.add_weight(
          "w_o_diag", shape=[self._num_units], initializer=self._initializer)
    if self._num_proj is not None:
      proj_partitioner = (
          _V1.fixed_size_partitioner(self._num_proj_shards)
          if self._num_proj_shards is not None else None)
      self._proj_kernel = self.add_weight(
          "projection/" + base.WEIGHTS_NAME,
          shape=[self._num_units, self._num_proj],
          initializer=self._initializer, partitioner=proj_partitioner)

  def call(self, inputs, state):
    if self._state_is_tuple:
      c_prev, m_prev = state
    else:
      c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
      m_prev = tf.slice(state, [0, self._num_units], [-1, self._output_units])
    gates = tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, m_prev], 1), _dense(self._kernel)),
        self._bias)
    i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
    if self._use_peepholes:
      c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
           + tf.sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
    else:
      c = (tf.sigmoid(f + self._forget_bias) * c_prev
           + tf.sigmoid(i) * self._activation(j))
    if self._cell_clip is not None:
      c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
    if self._use_peepholes:
      m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
    else:
      m = tf.sigmoid(o) * self._activation(c)
    if self._num_proj is not None:
      m = tf.matmul(m, _dense(self._proj_kernel))
      if self._proj_clip is not None:
        m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
    if self._state_is_tuple:
      return m, base.LSTMStateTuple(c, m)
    return m, tf.concat([c, m], 1)


def _dense(variable):
  """A partitioned variable's full value (its shards concatenated); else itself."""
  shards = base_layer.partitions(variable)
  return shards[0] if len(shards) == 1 else tf.concat(shards, axis=0)


class GRUCell(base.LayerRNNCell):
  """Gated Recurrent Unit (Cho et al., 2014) exactly as TF1 computed it.

  `r, u = split(sigmoid([x, h] @ gates/kernel + gates/bias))` (reset first); the
  reset is applied *before* the candidate matmul: `c = act([x, r*h] @ candidate/kernel
  + candidate/bias)`; `h' = u*h + (1 - u)*c`. `gates/bias` starts at 1.0 unless a
  `bias_initializer` is given, which then also initializes `candidate/bias`.
  """

  def __init__(self, num_units, activation=None, reuse=None,
               kernel_initializer=None, bias_initializer=None, name=None,
               dtype=None):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    self._num_units = num_units
    self._activation = activations.get(activation) or tf.tanh
    self._kernel_initializer = kernel_initializer
    self._bias_initializer = bias_initializer

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    depth = _input_depth(self, inputs_shape)
    self._gate_kernel = self.add_weight(
        "gates/" + base.WEIGHTS_NAME,
        shape=[depth + self._num_units, 2 * self._num_units],
        initializer=self._kernel_initializer)
    self._gate_bias = self.add_weight(
        "gates/" + base.BIAS_NAME, shape=[2 * self._num_units],
        initializer=(self._bias_initializer if self._bias_initializer is not None
                     else _V1.constant_initializer(1.0)))
    self._candidate_kernel = self.add_weight(
        "candidate/" + base.WEIGHTS_NAME,
        shape=[depth + self._num_units, self._num_units],
        initializer=self._kernel_initializer)
    self._candidate_bias = self.add_weight(
        "candidate/" + base.BIAS_NAME, shape=[self._num_units],
        initializer=(self._bias_initializer if self._bias_initializer is not None
                     else _V1.zeros_initializer()))

  def call(self, inputs, state):
    gates = tf.sigmoid(tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel),
        self._gate_bias))
    r, u = tf.split(gates, num_or_size_splits=2, axis=1)
    candidate = self._activation(tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, r * state], 1), self._candidate_kernel),
        self._candidate_bias))
    new_h = u * state + (1 - u) * candidate
    return new_h, new_h
