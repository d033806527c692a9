"""LSTMs on TensorFlow's fused kernels: `LSTMBlockCell` and `LSTMBlockFusedCell`.

Both run TF1's i, j(c), f, o gate layout (`ICFO`), add `forget_bias` at run time
and use the same variables as `tf.nn.rnn_cell.LSTMCell`: `kernel`
`[depth + num_units, 4 * num_units]`, `bias` (zeros) and, with peepholes,
`w_i_diag`, `w_f_diag`, `w_o_diag`. `LSTMBlockCell`'s default name `lstm_cell`
makes its checkpoints interchangeable with `LSTMCell`'s (no projection or
clipping of the projection).

* `LSTMBlockCell` is an RNN cell on `tf.raw_ops.LSTMBlockCell`, one step per call
  (so it plugs into `dynamic_rnn`, `MultiRNNCell`, wrappers and seq2seq).
  TensorFlow 2 ships the op and its gradient op but registers no gradient for it;
  `fused_ops` registers one (the same math TF1's contrib
  registered).
* `LSTMBlockFusedCell` runs a whole time-major sequence in one
  `tf.raw_ops.BlockLSTM` op: `cell(inputs [time, batch, depth] or a list,
  initial_state=None, dtype=None, sequence_length=None)` returns
  `(outputs, LSTMStateTuple(c, h))`. With `sequence_length`, outputs past each
  row's length are zero and the final state is the state at `length - 1` (the
  initial state for a length of 0), as with `dynamic_rnn`. Variables
  `lstm_fused_cell/{kernel, bias, ...}`.
"""

import tensorflow as tf

from tf1_compat.framework import base_layer
from tf1_compat.framework import checks
from tf1_compat.contrib.rnn import fused_ops
from tf1_compat.rnn import base

_V1 = tf.compat.v1

WEIGHTS_NAME = base.WEIGHTS_NAME
BIAS_NAME = base.BIAS_NAME
PEEPHOLE_NAMES = ("w_i_diag", "w_f_diag", "w_o_diag")


def _clip_value(cell_clip):
  """TF1's encoding: None (no clipping) becomes -1 for the kernels."""
  return -1.0 if cell_clip is None else float(cell_clip)


class _BlockWeights:
  """The weights both block cells build: `kernel` `[depth + units, 4 * units]`,
  `bias` `[4 * units]` (zeros), and the peephole diagonals when asked for."""

  def _build_block_weights(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
    units = self._num_units
    self._kernel = self.add_weight(WEIGHTS_NAME, shape=[depth + units, 4 * units])
    self._bias = self.add_weight(BIAS_NAME, shape=[4 * units],
                                 initializer=_V1.zeros_initializer())
    if self._use_peephole:
      self._peepholes = tuple(self.add_weight(name, shape=[units])
                              for name in PEEPHOLE_NAMES)


class LSTMBlockCell(_BlockWeights, base.LayerRNNCell):
  """TF1's `tf.contrib.rnn.LSTMBlockCell`: `LSTMCell`'s math on one fused op.

  `c' = sigmoid(f + forget_bias [+ w_f_diag*c]) * c + sigmoid(i [+ w_i_diag*c]) *
  tanh(j)`, clipped to `±cell_clip` if given; `h' = sigmoid(o [+ w_o_diag*c']) *
  tanh(c')`. The state is `LSTMStateTuple(c, h)`.

  Args:
    num_units: Number of units.
    forget_bias: Added to the forget gate at run time (never stored).
    cell_clip: Clip the cell state to `[-cell_clip, cell_clip]`, or None.
    use_peephole: Create and use the diagonal peephole weights.
    dtype: Variable dtype; by default the first input's.
    reuse: Reuse the variables of an existing scope of the same name.
    name: Base name of the variable scope; `lstm_cell` (uniquified) by default,
      which matches `LSTMCell`'s variables.
  """

  def __init__(self, num_units, forget_bias=1.0, cell_clip=None,
               use_peephole=False, dtype=None, reuse=None, name="lstm_cell"):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._forget_bias = forget_bias
    self._cell_clip = _clip_value(cell_clip)
    self._use_peephole = use_peephole

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._num_units)

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    self._build_block_weights(inputs_shape)

  def call(self, inputs, state):
    cs_prev, h_prev = state
    cs, h = fused_ops.lstm_block_step(
        inputs, cs_prev, h_prev, self._kernel, self._bias, self._forget_bias,
        cell_clip=None if self._cell_clip < 0 else self._cell_clip,
        peepholes=self._peepholes if self._use_peephole else None)
    return h, base.LSTMStateTuple(cs, h)


class LSTMBlockFusedCell(_BlockWeights, base_layer.Layer):
  """TF1's `tf.contrib.rnn.LSTMBlockFusedCell`: a whole sequence in one op.

  Not an RNN cell: call it on the time-major sequence itself,
  `outputs, (c, h) = cell(inputs, initial_state=None, dtype=None,
  sequence_length=None)`. See the module docstring for lengths.

  Args:
    num_units: Number of units.
    forget_bias: Added to the forget gate at run time.
    cell_clip: Clip the cell state to `[-cell_clip, cell_clip]`, or None.
    use_peephole: Create and use `w_i_diag`, `w_f_diag`, `w_o_diag`.
    reuse: Reuse the variables of an existing scope of the same name.
    dtype: Variable dtype; by default the inputs'.
    name: Base name of the variable scope; `lstm_fused_cell` (uniquified).
  """

  def __init__(self, num_units, forget_bias=1.0, cell_clip=None,
               use_peephole=False, reuse=None, dtype=None,
               name="lstm_fused_cell"):
    super().__init__(name=name, dtype=dtype, _reuse=reuse)
    self._num_units = checks.positive_int(num_units, "num_units",
                                          type(self).__name__)
    self._forget_bias = forget_bias
    self._cell_clip = _clip_value(cell_clip)
    self._use_peephole = use_peephole

  @property
  def num_units(self):
    return self._num_units

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._num_units)

  @property
  def output_size(self):
    return self._num_units

  def _check_input(self, inputs):
    shapes = ([t.shape for t in inputs] if isinstance(inputs, (list, tuple))
              else [inputs.shape])
    expected_rank = 2 if isinstance(inputs, (list, tuple)) else 3
    for shape in shapes:
      if shape.rank != expected_rank or tf.compat.dimension_value(
          shape[-1]) is None:
        raise ValueError(
            "LSTMBlockFusedCell %r: expected inputs `[time, batch, depth]` (or a "
            "list of `[batch, depth]`) with a known depth, got shape %s"
            % (self.name, shape))

  def build(self, input_shape):
    if isinstance(input_shape, (list, tuple)):
      input_shape = input_shape[0]
    self._build_block_weights(input_shape)

  def __call__(self, inputs, initial_state=None, dtype=None,
               sequence_length=None, scope=None):
    return super().__call__(inputs, initial_state=initial_state, dtype=dtype,
                            sequence_length=sequence_length, scope=scope)

  def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
    is_list = isinstance(inputs, (list, tuple))
    if is_list:
      inputs = tf.stack(inputs)
    time_len = tf.compat.dimension_value(inputs.shape[0])
    if time_len is None:
      time_len = tf.shape(inputs)[0]
    batch_size = tf.compat.dimension_value(inputs.shape[1])
    if batch_size is None:
      batch_size = tf.shape(inputs)[1]
    if initial_state is None:
      if dtype is None:
        raise ValueError("LSTMBlockFusedCell %r: either initial_state or dtype "
                         "must be given" % self.name)
      zeros = tf.zeros(tf.stack([batch_size, self._num_units]), dtype=dtype)
      initial_state = (zeros, zeros)
    elif len(initial_state) != 2:
      raise ValueError("LSTMBlockFusedCell %r: initial_state must be a pair "
                       "(c, h), got %d elements"
                       % (self.name, len(initial_state)))
    c_init, h_init = initial_state
    dtype = c_init.dtype
    if self._use_peephole:
      wci, wcf, wco = self._peepholes
    else:
      wci = wcf = wco = tf.zeros([self._num_units], dtype=dtype)
    if sequence_length is None:
      max_len = tf.cast(time_len, tf.int64)
    else:
      sequence_length = tf.convert_to_tensor(sequence_length)
      max_len = tf.cast(tf.reduce_max(sequence_length), tf.int64)
    _, cell_states, _, _, _, _, outputs = tf.raw_ops.BlockLSTM(
        seq_len_max=max_len, x=inputs, cs_prev=c_init, h_prev=h_init,
        w=self._kernel, wci=wci, wcf=wcf, wco=wco, b=self._bias,
        forget_bias=self._forget_bias, cell_clip=self._cell_clip,
        use_peephole=self._use_peephole)
    if sequence_length is None:
      final_state = base.LSTMStateTuple(cell_states[-1], outputs[-1])
    else:
      mask = tf.transpose(
          tf.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
      outputs = outputs * tf.expand_dims(mask, -1)
      final_state = base.LSTMStateTuple(
          _state_at_length(c_init, cell_states, sequence_length, batch_size),
          _state_at_length(h_init, outputs, sequence_length, batch_size))
    if is_list:
      outputs = tf.unstack(outputs)
    return outputs, final_state


def _block_lstm(seq_len_max, x, w, b, cs_prev=None, h_prev=None, wci=None,
                wcf=None, wco=None, forget_bias=None, cell_clip=None,
                use_peephole=None, name=None):
  """TF 1.15's op-level `BlockLSTM` over a list of `[batch, depth]` inputs.

  Missing states are zeros of `[batch, cell_size]` (the batch must be static);
  missing peepholes are zeros. Returns the op's seven outputs `(i, cs, f, o,
  ci, co, h)`, each unstacked into a per-step list.
  """
  dtype = x[0].dtype
  batch_size = tf.compat.dimension_value(x[0].shape.with_rank(2)[0])
  cell_size4 = tf.compat.dimension_value(b.shape.with_rank(1)[0])
  if cell_size4 is None:
    raise ValueError("`b` shape must not be None.")
  cell_size = cell_size4 // 4
  if cs_prev is None or h_prev is None:
    zero_state = tf.zeros([batch_size, cell_size], dtype=dtype)
    cs_prev = zero_state if cs_prev is None else cs_prev
    h_prev = zero_state if h_prev is None else h_prev
  if wci is None:
    wci = wcf = wco = tf.zeros([cell_size], dtype=dtype)
  outputs = tf.raw_ops.BlockLSTM(
      seq_len_max=seq_len_max, x=tf.stack(x), cs_prev=cs_prev, h_prev=h_prev,
      w=w, wci=wci, wcf=wcf, wco=wco, b=b,
      forget_bias=1.0 if forget_bias is None else forget_bias,
      cell_clip=_clip_value(cell_clip), use_peephole=bool(use_peephole),
      name=name)
  return tuple(tf.unstack(t) for t in outputs)


def _state_at_length(initial, per_step, sequence_length, batch_size):
  """`per_step[length - 1, b]` per row, or `initial[b]` where length is 0."""
  with_initial = tf.concat([tf.expand_dims(initial, 0), per_step], axis=0)
  indices = tf.stack([tf.cast(sequence_length, tf.int32),
                      tf.range(batch_size)], axis=1)
  return tf.gather_nd(with_initial, indices)
