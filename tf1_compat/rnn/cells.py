"""The TF 1.15 core cells: BasicRNNCell, BasicLSTMCell, LSTMCell and GRUCell.

Each step is one fused matmul over `concat([inputs, h], 1)` (GRU: one for the gates,
one for the candidate), with TF1's gate order and variable names so that TF1
checkpoints restore and the same weights give the same numbers.
"""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import base_layer
from tf1_compat.framework import checks
from tf1_compat.framework import initializers
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
               dtype=None, **kwargs):
    super().__init__(name=name, dtype=dtype, _reuse=reuse, **kwargs)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._activation = activations.get(activation) or tf.tanh

  def get_config(self):
    return dict(super().get_config(), num_units=self._num_units,
                activation=activations.serialize(self._activation),
                reuse=self._reuse)

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

  def _split_step(self):
    input_kernel, recurrent_kernel = _split_rows(self._kernel, self._num_units)

    def project(inputs):
      return tf.nn.bias_add(tf.matmul(inputs, input_kernel), self._bias)

    def step(projected, state):
      output = self._activation(
          base.add_recurrent(projected, state, recurrent_kernel))
      return output, output
    return base.SplitStep(project, step)


class BasicLSTMCell(base.LayerRNNCell):
  """The LSTM of Zaremba et al. (2014), TF1's `BasicLSTMCell`.

  Gates come out of one matmul as `i, j, f, o` (input, candidate, forget, output);
  `forget_bias` is added to `f` at run time and is never stored in `bias`:
  `c' = c*sigmoid(f + forget_bias) + sigmoid(i)*act(j)`, `h' = act(c')*sigmoid(o)`.

  Variables: `kernel` `[depth + num_units, 4*num_units]`, `bias` `[4*num_units]`.
  """

  def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True,
               activation=None, reuse=None, name=None, dtype=None, **kwargs):
    super().__init__(name=name, dtype=dtype, _reuse=reuse, **kwargs)
    if not state_is_tuple:
      tf.get_logger().warning(
          "%s: Using a concatenated state is slower and will soon be deprecated."
          "  Use state_is_tuple=True.", self)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._forget_bias = forget_bias
    self._state_is_tuple = state_is_tuple
    self._activation = activations.get(activation) or tf.tanh

  def get_config(self):
    return dict(super().get_config(), num_units=self._num_units,
                forget_bias=self._forget_bias,
                state_is_tuple=self._state_is_tuple,
                activation=activations.serialize(self._activation),
                reuse=self._reuse)

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
    c, h = self._unpack(state)
    gates = tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, h], 1), self._kernel), self._bias)
    return self._update(gates, c)

  def _split_step(self):
    input_kernel, recurrent_kernel = _split_rows(self._kernel, self._num_units)

    def project(inputs):
      return tf.nn.bias_add(tf.matmul(inputs, input_kernel), self._bias)

    def step(projected, state):
      c, h = self._unpack(state)
      return self._update(base.add_recurrent(projected, h, recurrent_kernel),
                          c)
    return base.SplitStep(project, step)


  def _unpack(self, state):
    if self._state_is_tuple:
      return state
    return tf.split(state, num_or_size_splits=2, axis=1)

  def _update(self, gates, c):
    """`(new_h, new_state)` from the gate pre-activations and the memory."""
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
               dtype=None, **kwargs):
    super().__init__(name=name, dtype=dtype, _reuse=reuse, **kwargs)
    if not state_is_tuple:
      tf.get_logger().warning(
          "%s: Using a concatenated state is slower and will soon be deprecated."
          "  Use state_is_tuple=True.", self)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._use_peepholes = use_peepholes
    self._cell_clip = cell_clip
    self._initializer = initializers.get(initializer)
    self._num_proj = checks.positive_int_or_none(num_proj, "num_proj",
                                                 type(self).__name__)
    self._proj_clip = proj_clip
    self._num_unit_shards = num_unit_shards
    self._num_proj_shards = num_proj_shards
    self._forget_bias = forget_bias
    self._state_is_tuple = state_is_tuple
    self._activation = activations.get(activation) or tf.tanh
    self._output_units = num_proj if num_proj else num_units

  def get_config(self):
    return dict(super().get_config(), num_units=self._num_units,
                use_peepholes=self._use_peepholes, cell_clip=self._cell_clip,
                initializer=initializers.serialize(self._initializer),
                num_proj=self._num_proj, proj_clip=self._proj_clip,
                num_unit_shards=self._num_unit_shards,
                num_proj_shards=self._num_proj_shards,
                forget_bias=self._forget_bias,
                state_is_tuple=self._state_is_tuple,
                activation=activations.serialize(self._activation),
                reuse=self._reuse)

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
    c_prev, m_prev = self._unpack(state)
    gates = tf.nn.bias_add(
        tf.matmul(tf.concat([inputs, m_prev], 1), _dense(self._kernel)),
        self._bias)
    return self._update(gates, c_prev)

  def _split_step(self):
    input_kernel, recurrent_kernel = _split_rows(_dense(self._kernel),
                                                 self._output_units)

    def project(inputs):
      return tf.nn.bias_add(tf.matmul(inputs, input_kernel), self._bias)

    def step(projected, state):
      c_prev, m_prev = self._unpack(state)
      return self._update(
          base.add_recurrent(projected, m_prev, recurrent_kernel), c_prev)
    return base.SplitStep(project, step)


  def _unpack(self, state):
    if self._state_is_tuple:
      return state
    return (tf.slice(state, [0, 0], [-1, self._num_units]),
            tf.slice(state, [0, self._num_units], [-1, self._output_units]))

  def _update(self, gates, c_prev):
    """`(m, new_state)` from the gate pre-activations and the previous memory."""
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


def _split_rows(kernel, recurrent_depth):
  """`(input rows, recurrent rows)` of a `[depth + recurrent_depth, k]` kernel."""
  depth = tf.compat.dimension_value(kernel.shape[0]) - recurrent_depth
  return tf.split(kernel, [depth, recurrent_depth], axis=0)


class GRUCell(base.LayerRNNCell):
  """Gated Recurrent Unit (Cho et al., 2014) exactly as TF1 computed it.

  `r, u = split(sigmoid([x, h] @ gates/kernel + gates/bias))` (reset first); the
  reset is applied *before* the candidate matmul: `c = act([x, r*h] @ candidate/kernel
  + candidate/bias)`; `h' = u*h + (1 - u)*c`. `gates/bias` starts at 1.0 unless a
  `bias_initializer` is given, which then also initializes `candidate/bias`.
  """

  def __init__(self, num_units, activation=None, reuse=None,
               kernel_initializer=None, bias_initializer=None, name=None,
               dtype=None, **kwargs):
    super().__init__(name=name, dtype=dtype, _reuse=reuse, **kwargs)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._activation = activations.get(activation) or tf.tanh
    self._kernel_initializer = initializers.get(kernel_initializer)
    self._bias_initializer = initializers.get(bias_initializer)

  def get_config(self):
    return dict(super().get_config(), num_units=self._num_units,
                kernel_initializer=initializers.serialize(
                    self._kernel_initializer),
                bias_initializer=initializers.serialize(self._bias_initializer),
                activation=activations.serialize(self._activation),
                reuse=self._reuse)

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

  def _split_step(self):
    gate_inputs, gate_recurrent = _split_rows(self._gate_kernel, self._num_units)
    candidate_inputs, candidate_recurrent = _split_rows(self._candidate_kernel,
                                                        self._num_units)
    input_kernel = tf.concat([gate_inputs, candidate_inputs], axis=1)
    input_bias = tf.concat([self._gate_bias, self._candidate_bias], axis=0)

    def project(inputs):
      return tf.nn.bias_add(tf.matmul(inputs, input_kernel), input_bias)

    def step(projected, state):
      gate_part, candidate_part = tf.split(
          projected, [2 * self._num_units, self._num_units], axis=1)
      gates = tf.sigmoid(base.add_recurrent(gate_part, state, gate_recurrent))
      r, u = tf.split(gates, num_or_size_splits=2, axis=1)
      if not base.is_constant_zero(state):
        candidate_part += tf.matmul(r * state, candidate_recurrent)
      candidate = self._activation(candidate_part)
      new_h = u * state + (1 - u) * candidate
      return new_h, new_h
    return base.SplitStep(project, step)

