"""contrib.rnn's wrappers that own weights: embedding and input/output projections.

Unlike the core wrappers (`DropoutWrapper`, ...), these are cells with their own
variable scope, and the wrapped cell's variables live *inside* it, as in TF1:
`rnn/output_projection_wrapper/kernel`, `rnn/output_projection_wrapper/bias` and
`rnn/output_projection_wrapper/basic_lstm_cell/kernel`. `state_size` and
`zero_state` are the wrapped cell's.
"""

import math

import tensorflow as tf

from tf1_compat.rnn import base

_V1 = tf.compat.v1

EMBEDDING_NAME = "embedding"


class _OwningWrapper(base.CellWrapper):
  """A wrapper with its own scope and weights (reported before the cell's)."""


def _depth(size, owner):
  shape = tf.TensorShape(size)
  if shape.rank != 1 or tf.compat.dimension_value(shape[0]) is None:
    raise ValueError("%s: expected a known 1-D depth, got %s" % (owner, size))
  return tf.compat.dimension_value(shape[0])


class EmbeddingWrapper(_OwningWrapper):
  """Feeds the cell `embedding[ids]`: the inputs are integer ids `[batch]` or
  `[batch, 1]`.

  The matrix `embedding` `[embedding_classes, embedding_size]` takes the state's
  dtype and is initialized by `initializer`, else the enclosing scope's, else
  `U(-sqrt(3), sqrt(3))` (unit variance). It and its lookup are placed on the CPU
  as in TF1 (which also pinned the wrapped cell's step there; here the cell runs
  wherever the graph puts it).

  Args:
    cell: The cell to feed.
    embedding_classes: Number of ids (> 0).
    embedding_size: Embedding depth (> 0).
    initializer: Initializer of the matrix, or None.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, cell, embedding_classes, embedding_size, initializer=None,
               reuse=None):
    super().__init__(cell, reuse=reuse)
    if embedding_classes <= 0 or embedding_size <= 0:
      raise ValueError("EmbeddingWrapper: embedding_classes and embedding_size "
                       "must both be > 0, got %d and %d"
                       % (embedding_classes, embedding_size))
    self._embedding_classes = embedding_classes
    self._embedding_size = embedding_size
    self._initializer = initializer
    self._state_dtype = None

  def __call__(self, inputs, state, scope=None):
    self._state_dtype = tf.nest.flatten(state)[0].dtype
    return super().__call__(inputs, state, scope=scope)

  def build(self, inputs_shape):
    del inputs_shape
    initializer = (self._initializer
                   or _V1.get_variable_scope().initializer
                   or _V1.random_uniform_initializer(-math.sqrt(3),
                                                     math.sqrt(3)))
    with _V1.device("/cpu:0"):
      self._embedding = self.add_weight(
          EMBEDDING_NAME, shape=[self._embedding_classes, self._embedding_size],
          dtype=self._state_dtype, initializer=initializer)

  def call(self, inputs, state):
    with _V1.device("/cpu:0"):
      embedded = tf.nn.embedding_lookup(self._embedding,
                                        tf.reshape(inputs, [-1]))
    return self._cell(embedded, state)


class InputProjectionWrapper(_OwningWrapper):
  """Projects the inputs to `num_proj` (`x @ kernel + bias`, then `activation`)
  before the cell.

  Variables `kernel` `[depth, num_proj]` (scope initializer or Glorot) and `bias`
  (zeros) in scope `input_projection_wrapper`.

  Args:
    cell: The cell to feed.
    num_proj: Projection depth.
    activation: Applied to the projection, or None.
    input_size: Deprecated and ignored.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, cell, num_proj, activation=None, input_size=None,
               reuse=None):
    super().__init__(cell, reuse=reuse)
    if input_size is not None:
      tf.get_logger().warning("%s: the input_size parameter is deprecated.",
                              self.name)
    self._num_proj = num_proj
    self._activation = activation

  def build(self, inputs_shape):
    depth = _depth(tf.TensorShape(inputs_shape)[-1:], type(self).__name__)
    self._kernel = self.add_weight(base.WEIGHTS_NAME,
                                   shape=[depth, self._num_proj])
    self._bias = self.add_weight(base.BIAS_NAME, shape=[self._num_proj],
                                 initializer=_V1.zeros_initializer())

  def call(self, inputs, state):
    projected = tf.nn.bias_add(tf.matmul(inputs, self._kernel), self._bias)
    if self._activation:
      projected = self._activation(projected)
    return self._cell(projected, state)


class OutputProjectionWrapper(_OwningWrapper):
  """Projects the cell's output to `output_size` (`out @ kernel + bias`, then
  `activation`); the state passes through.

  Variables `kernel` `[cell.output_size, output_size]` (scope initializer or
  Glorot) and `bias` (zeros) in scope `output_projection_wrapper`.

  Args:
    cell: The wrapped cell.
    output_size: Projection depth (> 0).
    activation: Applied to the projection, or None.
    reuse: Reuse the variables of an existing scope of the same name.
  """

  def __init__(self, cell, output_size, activation=None, reuse=None):
    super().__init__(cell, reuse=reuse)
    if output_size < 1:
      raise ValueError("OutputProjectionWrapper: output_size must be > 0, got %d"
                       % output_size)
    self._output_size = output_size
    self._activation = activation

  @property
  def output_size(self):
    return self._output_size

  def build(self, inputs_shape):
    del inputs_shape
    size = self._cell.output_size
    cell_output = _depth([size] if isinstance(size, int) else size,
                         type(self).__name__)
    self._kernel = self.add_weight(base.WEIGHTS_NAME,
                                   shape=[cell_output, self._output_size])
    self._bias = self.add_weight(base.BIAS_NAME, shape=[self._output_size],
                                 initializer=_V1.zeros_initializer())

  def call(self, inputs, state):
    output, new_state = self._cell(inputs, state)
    projected = tf.nn.bias_add(tf.matmul(output, self._kernel), self._bias)
    if self._activation:
      projected = self._activation(projected)
    return projected, new_state
