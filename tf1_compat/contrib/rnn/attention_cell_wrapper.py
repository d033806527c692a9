"""`AttentionCellWrapper` (Cheng et al. 2016): attention over the wrapped
cell's last `attn_length` outputs, as TF 1.15's contrib computed it."""

import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

ATTENTION_SCOPE = "attention"
OUTPUT_PROJECTION_SCOPE = "attn_output_projection"


class AttentionCellWrapper(base.WrappedCellWeights, base.RNNCell):
  """Adds attention over a window of its own past outputs to a cell.

  The state is `(cell_state, attns, attn_states)`: the wrapped cell's state,
  the last attention read `[batch, attn_size]`, and the window of the last
  `attn_length` outputs `[batch, attn_length * attn_size]` (all concatenated
  along axis 1 when `state_is_tuple=False`). Per step:

  1. the cell runs on `[x, attns] @ kernel + bias` (depth `input_size`);
  2. the query is the cell's new state, flattened and concatenated; scores
     `sum(attn_v * tanh(window @ attn_w + query @ attention/kernel +
     attention/bias))`, softmaxed over the window, read the new `attns`;
  3. the output is `[cell_output, attns] @ attn_output_projection/kernel +
     bias` (depth `attn_size`), which also enters the window (the oldest entry
     drops out).

  Variables (scope `attention_cell_wrapper`, the wrapped cell's inside it):
  `kernel`, `bias`; `attention/attn_w` `[1, 1, attn_size, attn_vec_size]`,
  `attention/attn_v`, `attention/kernel`, `attention/bias`;
  `attn_output_projection/kernel`, `attn_output_projection/bias`. Biases start
  at zero; the rest take the enclosing scope's initializer, else
  Glorot-uniform.

  Args:
    cell: The cell to wrap.
    attn_length: The window length (> 0).
    attn_size: Depth of the attention read and of the output; by default the
      cell's `output_size`.
    attn_vec_size: Depth of the scoring layer; by default `attn_size`.
    input_size: Depth of the projected cell input; by default the input's.
    state_is_tuple: Tuple states, else one concatenated tensor (then the cell
      must have a flat state).
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None,
               input_size=None, state_is_tuple=True, reuse=None):
    super().__init__(_reuse=reuse)
    owner = type(self).__name__
    base.assert_like_rnncell("cell", cell, owner)
    if tf.nest.is_nested(cell.state_size) and not state_is_tuple:
      raise ValueError(
          "Cell returns tuple of states, but the flag state_is_tuple is not "
          "set. State size is: %s" % str(cell.state_size))
    if attn_length <= 0:
      raise ValueError("attn_length should be greater than zero, got %s"
                       % str(attn_length))
    if not state_is_tuple:
      tf.get_logger().warning(
          "%s: Using a concatenated state is slower and will soon be "
          "deprecated.  Use state_is_tuple=True.", owner)
    if attn_size is None:
      attn_size = cell.output_size
    self._cell = cell
    self._attn_length = attn_length
    self._attn_size = checks.positive_int(attn_size, "attn_size", owner)
    self._attn_vec_size = checks.positive_int(
        attn_vec_size if attn_vec_size is not None else attn_size,
        "attn_vec_size", owner)
    self._input_size = input_size
    self._state_is_tuple = state_is_tuple

  @property
  def wrapped_cell(self):
    return self._cell

  @property
  def state_size(self):
    size = (self._cell.state_size, self._attn_size,
            self._attn_size * self._attn_length)
    return size if self._state_is_tuple else sum(size)

  @property
  def output_size(self):
    return self._attn_size


  def _check_input(self, inputs):
    shape = inputs.shape
    if shape.rank != 2 or tf.compat.dimension_value(shape[1]) is None:
      raise ValueError("Input of cell %r must be 2-D `[batch, depth]` with a "
                       "known depth; got shape %s" % (self._cell_label(),
                                                      shape))

  def _linear(self, scope, in_depth, out_depth):
    prefix = scope + "/" if scope else ""
    return (self.add_weight(prefix + base.WEIGHTS_NAME,
                            shape=[in_depth, out_depth]),
            self.add_weight(prefix + base.BIAS_NAME, shape=[out_depth],
                            initializer=_V1.constant_initializer(0.0)))

  def build(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
    input_size = self._input_size if self._input_size is not None else depth
    self._input_projection = self._linear(None, depth + self._attn_size,
                                          input_size)
    self._attn_w = self.add_weight(
        ATTENTION_SCOPE + "/attn_w",
        shape=[1, 1, self._attn_size, self._attn_vec_size])
    self._attn_v = self.add_weight(ATTENTION_SCOPE + "/attn_v",
                                   shape=[self._attn_vec_size])
    query_depth = sum(tf.nest.flatten(self._cell.state_size))
    self._query_projection = self._linear(ATTENTION_SCOPE, query_depth,
                                          self._attn_vec_size)
    self._output_projection = self._linear(
        OUTPUT_PROJECTION_SCOPE, self._cell.output_size + self._attn_size,
        self._attn_size)

  @staticmethod
  def _apply(linear, args):
    kernel, bias = linear
    return tf.nn.bias_add(tf.matmul(tf.concat(args, 1), kernel), bias)

  def call(self, inputs, state):
    if self._state_is_tuple:
      cell_state, attns, attn_states = state
    else:
      cell_size = self._cell.state_size
      cell_state = tf.slice(state, [0, 0], [-1, cell_size])
      attns = tf.slice(state, [0, cell_size], [-1, self._attn_size])
      attn_states = tf.slice(state, [0, cell_size + self._attn_size],
                             [-1, self._attn_size * self._attn_length])
    attn_states = tf.reshape(attn_states,
                             [-1, self._attn_length, self._attn_size])
    cell_input = self._apply(self._input_projection, [inputs, attns])
    cell_output, new_cell_state = self._cell(cell_input, cell_state)
    query = tf.concat(tf.nest.flatten(new_cell_state), 1)
    new_attns, window = self._attention(query, attn_states)
    output = self._apply(self._output_projection, [cell_output, new_attns])
    window = tf.concat([window, tf.expand_dims(output, 1)], 1)
    window = tf.reshape(window, [-1, self._attn_length * self._attn_size])
    new_state = (new_cell_state, new_attns, window)
    if not self._state_is_tuple:
      new_state = tf.concat(list(new_state), 1)
    return output, new_state

  def _attention(self, query, attn_states):
    hidden = tf.reshape(attn_states, [-1, self._attn_length, 1, self._attn_size])
    features = tf.nn.conv2d(hidden, self._attn_w, [1, 1, 1, 1], "SAME")
    y = tf.reshape(self._apply(self._query_projection, [query]),
                   [-1, 1, 1, self._attn_vec_size])
    scores = tf.reduce_sum(self._attn_v * tf.tanh(features + y), [2, 3])
    weights = tf.nn.softmax(scores)
    read = tf.reduce_sum(
        tf.reshape(weights, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
    new_attns = tf.reshape(read, [-1, self._attn_size])
    return new_attns, tf.slice(attn_states, [0, 1, 0], [-1, -1, -1])
