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
  this module registers one (the same math TF1's contrib registered).
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
from tf1_compat.rnn import base

_V1 = tf.compat.v1

WEIGHTS_NAME = base.WEIGHTS_NAME
BIAS_NAME = base.BIAS_NAME
PEEPHOLE_NAMES = ("w_i_diag", "w_f_diag", "w_o_diag")


def _lstm_block_cell_grad(op, *grads):
  """Gradient of `LSTMBlockCell` w.r.t. x, cs_prev, h_prev, w, wci, wcf, wco, b.

  Only the `cs` and `h` outputs carry gradients (the gate outputs are internal);
  `LSTMBlockCellGrad` turns them into the gate pre-activation gradient `dicfo`,
  which backpropagates through `concat([x, h_prev]) @ w + b`.
  """
  x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
  i, cs, f, o, ci, co, h = op.outputs
  cs_grad = grads[1] if grads[1] is not None else tf.zeros_like(cs)
  h_grad = grads[6] if grads[6] is not None else tf.zeros_like(h)
  cs_prev_grad, dicfo, wci_grad, wcf_grad, wco_grad = (
      tf.raw_ops.LSTMBlockCellGrad(
          x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco,
          b=b, i=i, cs=cs, f=f, o=o, ci=ci, co=co, cs_grad=cs_grad,
          h_grad=h_grad, use_peephole=op.get_attr("use_peephole")))
  xh_grad = tf.matmul(dicfo, w, transpose_b=True)
  input_size = tf.compat.dimension_value(x.shape[1])
  if input_size is None:
    input_size = tf.shape(x)[1]
  x_grad, h_prev_grad = tf.split(
      xh_grad, [input_size, tf.shape(h_prev)[1]], axis=1)
  x_grad.set_shape(x.shape)
  h_prev_grad.set_shape(h_prev.shape)
  w_grad = tf.matmul(tf.concat([x, h_prev], 1), dicfo, transpose_a=True)
  b_grad = tf.reduce_sum(dicfo, axis=0)
  return (x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad,
          wco_grad, b_grad)


def _register_gradient():
  try:
    tf.RegisterGradient("LSTMBlockCell")(_lstm_block_cell_grad)
  except KeyError:
    pass  # Registered already (by an earlier import or another library).


_register_gradient()


def _clip_value(cell_clip):
  """TF1's encoding: None (no clipping) becomes -1 for the kernels."""
  return -1.0 if cell_clip is None else float(cell_clip)


class LSTMBlockCell(base.LayerRNNCell):
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
    self._num_units = num_units
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
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
    self._kernel = self.add_weight(
        WEIGHTS_NAME, shape=[depth + self._num_units, 4 * self._num_units])
    self._bias = self.add_weight(
        BIAS_NAME, shape=[4 * self._num_units],
        initializer=_V1.zeros_initializer())
    if self._use_peephole:
      self._peepholes = tuple(
          self.add_weight(name, shape=[self._num_units])
          for name in PEEPHOLE_NAMES)

  def _peephole_tensors(self, dtype):
    if self._use_peephole:
      return self._peepholes
    zeros = tf.zeros([self._num_units], dtype=dtype)
    return zeros, zeros, zeros

  def call(self, inputs, state):
    cs_prev, h_prev = state
    wci, wcf, wco = self._peephole_tensors(inputs.dtype)
    _, cs, _, _, _, _, h = tf.raw_ops.LSTMBlockCell(
        x=inputs, cs_prev=cs_prev, h_prev=h_prev, w=self._kernel, wci=wci,
        wcf=wcf, wco=wco, b=self._bias, forget_bias=self._forget_bias,
        cell_clip=self._cell_clip, use_peephole=self._use_peephole)
    return h, base.LSTMStateTuple(cs, h)


class LSTMBlockFusedCell(base_layer.Layer):
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
    self._num_units = num_units
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
    depth = tf.compat.dimension_value(tf.TensorShape(input_shape)[-1])
    self._kernel = self.add_weight(
        WEIGHTS_NAME, shape=[depth + self._num_units, 4 * self._num_units])
    self._bias = self.add_weight(
        BIAS_NAME, shape=[4 * self._num_units],
        initializer=_V1.zeros_initializer())
    if self._use_peephole:
      self._peepholes = tuple(
          self.add_weight(name, shape=[self._num_units])
          for name in PEEPHOLE_NAMES)

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


def _state_at_length(initial, per_step, sequence_length, batch_size):
  """`per_step[length - 1, b]` per row, or `initial[b]` where length is 0."""
  with_initial = tf.concat([tf.expand_dims(initial, 0), per_step], axis=0)
  indices = tf.stack([tf.cast(sequence_length, tf.int32),
                      tf.range(batch_size)], axis=1)
  return tf.gather_nd(with_initial, indices)
