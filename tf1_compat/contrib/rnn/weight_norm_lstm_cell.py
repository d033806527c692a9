"""`WeightNormLSTMCell`: TF1's `LSTMCell` with weight-normalized kernels
(Salimans and Kingma 2016), as TF 1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# TF 1.15 fixed the cell's scope name and entered it twice: once as the
# layer's scope, once more inside the step.
_SCOPE_NAME = "wn_lstm_cell"


class WeightNormLSTMCell(base.LayerRNNCell):
  """An LSTM (optional peepholes, cell clip, projection) whose kernels are
  weight-normalized column by column.

  With `norm`, the rows of `kernel` that multiply the input and those that
  multiply `h` are each replaced by `l2_normalize(rows, axis=0) * norm_<k>`
  (`norm_0` for the input rows, `norm_1` for `h`'s, each `[4 * num_units]`),
  and `projection/kernel` by `l2_normalize(P, axis=0) * projection/norm_0`.
  Then, with `i, j, f, o = split([x, h] @ kernel + bias)`:
  `c' = c*sigmoid(f + forget_bias [+ w_f_diag*c]) + sigmoid(i [+ w_i_diag*c])
  *activation(j)`, clipped to `±cell_clip`; `h' = sigmoid(o [+ w_o_diag*c'])
  *activation(c')`, projected and clipped to `±proj_clip`. Without `norm` it
  is `LSTMCell`. The state is `LSTMStateTuple(c', h')`.

  Variables: `kernel` `[depth + (num_proj or num_units), 4 * num_units]`,
  `norm_0`, `norm_1`, `bias` (zeros), `w_f_diag`, `w_i_diag`, `w_o_diag`,
  `projection/kernel`, `projection/norm_0`; all but `bias` use
  `initializer`, else the enclosing scope's, else Glorot-uniform.

  TF1 quirks kept on purpose: the variables live under a fixed, not
  uniquified, scope name entered twice, `<scope>/wn_lstm_cell/wn_lstm_cell/`
  (`rnn/wn_lstm_cell/wn_lstm_cell/kernel` under `dynamic_rnn`), so a second
  cell called in the same scope finds the first one's variables and raises
  unless `reuse` is set; a `scope=` passed to the first call goes above both
  levels. The normalized kernels are computed outside any control-flow
  context (`tf.control_dependencies(None)`), so under `dynamic_rnn` they are
  computed once per run, not per step. TF 1.15 exposed this cell only as
  `tensorflow.contrib.rnn.python.ops.rnn_cell.WeightNormLSTMCell`.

  Args:
    num_units: Number of units.
    norm: Weight-normalize the kernels.
    use_peepholes: Use the diagonal peephole weights.
    cell_clip: Clip the cell state to `±cell_clip`, or None.
    initializer: Initializer of the kernels, gains and peepholes, or None.
    num_proj: Output projection depth, or None.
    proj_clip: Clip the projection to `±proj_clip`, or None.
    forget_bias: Added to the forget gate at run time.
    activation: Activation of the candidate and of the output; tanh by
      default.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, num_units, norm=True, use_peepholes=False, cell_clip=None,
               initializer=None, num_proj=None, proj_clip=None, forget_bias=1,
               activation=None, reuse=None):
    super().__init__(_reuse=reuse)
    owner = type(self).__name__
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._norm = norm
    self._use_peepholes = use_peepholes
    self._cell_clip = cell_clip
    self._initializer = initializer
    self._num_proj = checks.positive_int_or_none(num_proj, "num_proj", owner)
    self._proj_clip = proj_clip
    self._forget_bias = forget_bias
    self._activation = activations.get(activation) or tf.tanh
    self._output_units = self._num_proj or self._num_units

  @property
  def state_size(self):
    return base.LSTMStateTuple(self._num_units, self._output_units)

  @property
  def output_size(self):
    return self._output_units

  def __call__(self, inputs, state, scope=None):
    if self._scope is None:
      with _V1.variable_scope(scope or _V1.get_variable_scope()):
        with _V1.variable_scope(_SCOPE_NAME) as captured:
          self._scope = captured
    return super().__call__(inputs, state)

  def _weight(self, name, shape, initializer=None):
    return self.add_weight(_SCOPE_NAME + "/" + name, shape=shape,
                           initializer=initializer or self._initializer)

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    units = self._num_units
    self._depths = (depth, self._output_units)
    self._kernel = self._weight(base.WEIGHTS_NAME,
                                [depth + self._output_units, 4 * units])
    if self._norm:
      self._gains = [self._weight("norm_%d" % k, [4 * units])
                     for k in range(len(self._depths))]
    self._bias = self._weight(base.BIAS_NAME, [4 * units],
                              _V1.constant_initializer(0.0))
    if self._use_peepholes:
      self._w_f_diag, self._w_i_diag, self._w_o_diag = (
          self._weight(name, [units])
          for name in ("w_f_diag", "w_i_diag", "w_o_diag"))
    if self._num_proj is not None:
      self._proj_kernel = self._weight("projection/" + base.WEIGHTS_NAME,
                                       [units, self._num_proj])
      if self._norm:
        self._proj_gain = self._weight("projection/norm_0", [self._num_proj])

  def _normalized_kernels(self):
    """The (weight-normalized) kernel and projection kernel, or None."""
    kernel = self._kernel
    proj_kernel = getattr(self, "_proj_kernel", None)
    if not self._norm:
      return kernel, proj_kernel
    with tf.control_dependencies(None):
      blocks, start = [], 0
      for depth, gain in zip(self._depths, self._gains):
        blocks.append(tf.math.l2_normalize(kernel[start:start + depth, :],
                                           axis=0) * gain)
        start += depth
      kernel = tf.concat(blocks, axis=0)
      if proj_kernel is not None:
        proj_kernel = (tf.math.l2_normalize(proj_kernel, axis=0)
                       * self._proj_gain)
    return kernel, proj_kernel

  def call(self, inputs, state):
    c, h = state
    kernel, proj_kernel = self._normalized_kernels()
    gates = tf.nn.bias_add(tf.matmul(tf.concat([inputs, h], 1), kernel),
                           self._bias)
    i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
    if self._use_peepholes:
      new_c = (c * tf.sigmoid(f + self._forget_bias + self._w_f_diag * c)
               + tf.sigmoid(i + self._w_i_diag * c) * self._activation(j))
    else:
      new_c = (c * tf.sigmoid(f + self._forget_bias)
               + tf.sigmoid(i) * self._activation(j))
    if self._cell_clip is not None:
      new_c = tf.clip_by_value(new_c, -self._cell_clip, self._cell_clip)
    if self._use_peepholes:
      new_h = tf.sigmoid(o + self._w_o_diag * new_c) * self._activation(new_c)
    else:
      new_h = tf.sigmoid(o) * self._activation(new_c)
    if proj_kernel is not None:
      new_h = tf.matmul(new_h, proj_kernel)
      if self._proj_clip is not None:
        new_h = tf.clip_by_value(new_h, -self._proj_clip, self._proj_clip)
    return new_h, base.LSTMStateTuple(new_c, new_h)
