"""The TF1 RNN cell contract: `RNNCell`, `LSTMStateTuple` and zero states.

Any object with `state_size`, `output_size`, `zero_state(batch_size, dtype)` and
`__call__(inputs, state, scope=None)` plugs into TensorFlow's own
`tf.compat.v1.nn.static_rnn`, `dynamic_rnn`, `bidirectional_dynamic_rnn` and `raw_rnn`.
"""

import abc
import collections

import tensorflow as tf

from tf1_compat.framework import base_layer

_V1 = tf.compat.v1

# Checkpoint-visible variable names shared by the cells.
WEIGHTS_NAME = "kernel"
BIAS_NAME = "bias"


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
  """The `(c, h)` state of an LSTM cell: memory `c`, then output `h`."""
  __slots__ = ()

  @property
  def dtype(self):
    c, h = self
    if c.dtype != h.dtype:
      raise TypeError("Inconsistent internal state: %s vs %s"
                      % (str(c.dtype), str(h.dtype)))
    return c.dtype


def _concat_batch(batch_size, size, static=False):
  """`[batch_size] + size` as a 1-D tensor, or as a TensorShape if `static`.

  `size` may be an int, a TensorShape, or an int32 tensor (scalar or vector) whose
  value is only known at run time (e.g. an attention mechanism's memory length).
  """
  if isinstance(size, tf.Tensor):
    dynamic_size = tf.reshape(tf.cast(size, tf.int32), [-1])
    static_value = tf.get_static_value(dynamic_size)
    if static_value is not None:
      size = tf.TensorShape([int(d) for d in static_value])
    elif static:
      size = tf.TensorShape([None] * (dynamic_size.shape[0] or 0)) \
          if dynamic_size.shape[0] is not None else tf.TensorShape(None)
    else:
      batch = tf.reshape(tf.convert_to_tensor(batch_size, dtype=tf.int32), [1])
      return tf.concat([batch, dynamic_size], 0)
  size = tf.TensorShape(size)
  if static:
    batch = tf.get_static_value(batch_size)
    batch = tf.TensorShape([None if batch is None else int(batch)])
    return batch.concatenate(size)
  batch = tf.reshape(tf.convert_to_tensor(batch_size, dtype=tf.int32), [1])
  return tf.concat([batch, tf.constant(size.as_list(), dtype=tf.int32)], 0)


def zero_state_tensors(state_size, batch_size, dtype):
  """Zeros shaped `[batch_size] + s` for every leaf `s` of `state_size`."""
  def zeros(size):
    tensor = tf.zeros(_concat_batch(batch_size, size), dtype=dtype)
    tensor.set_shape(_concat_batch(batch_size, size, static=True))
    return tensor
  return tf.nest.map_structure(zeros, state_size)


def _is_leaf_size(size):
  return isinstance(size, (int, tf.TensorShape, tf.compat.v1.Dimension))


def _size_depth(size):
  """The last dimension a state leaf of `size` must have, or None if unknown."""
  if isinstance(size, int):
    return size
  shape = tf.TensorShape(size)
  return shape[-1] if shape.rank else None


class RNNCell(base_layer.Layer, abc.ABC):
  """Abstract RNN cell with TF 1.15's calling and scoping contract.

  `__call__(inputs, state, scope=None)` returns `(output, new_state)`. Variables are
  created on the first call under `<enclosing scope>/<snake_case class name>` (made
  unique), or directly under `scope` when one is passed on that first call; later
  calls reuse them wherever they happen.
  """

  @property
  @abc.abstractmethod
  def state_size(self):
    """An int, TensorShape, or nested structure of them."""

  @property
  @abc.abstractmethod
  def output_size(self):
    """An int or TensorShape: the depth of the output."""

  def __call__(self, inputs, state, scope=None):
    return super().__call__(inputs, state, scope=scope)

  def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
    """`zero_state`, taking batch size and dtype from `inputs` when given."""
    if inputs is not None:
      inputs = tf.convert_to_tensor(inputs)
      static_batch = tf.compat.dimension_value(inputs.shape[0])
      batch_size = static_batch if static_batch is not None else tf.shape(inputs)[0]
      dtype = inputs.dtype
    if batch_size is None or dtype is None:
      raise ValueError(
          "%s.get_initial_state needs inputs, or both batch_size and dtype; got "
          "batch_size=%s, dtype=%s" % (type(self).__name__, batch_size, dtype))
    return self.zero_state(batch_size, dtype)

  def _cell_label(self):
    return self._scope.name if self._scope is not None else self.name

  def zero_state(self, batch_size, dtype):
    """All-zero state: tensors shaped `[batch_size] + s` for each `state_size` leaf."""
    with tf.name_scope(type(self).__name__ + "ZeroState"):
      return zero_state_tensors(self.state_size, batch_size, dtype)


class LayerRNNCell(RNNCell):
  """A cell with its own weights: validates inputs and state on every call.

  Raises ValueError at graph-build time, naming the cell, when the input is not 2-D,
  its depth is unknown or differs from the depth the cell was built with, or the
  state's structure or depths do not match `state_size`.
  """

  def _check_input(self, inputs):
    shape = inputs.shape
    if shape.rank != 2:
      raise ValueError(
          "Input of cell %r must be 2-D `[batch, depth]`; got shape %s"
          % (self._cell_label(), shape))
    depth = tf.compat.dimension_value(shape[-1])
    if depth is None:
      raise ValueError(
          "Input of cell %r must have a known last dimension; got shape %s"
          % (self._cell_label(), shape))
    if not inputs.dtype.is_floating and not inputs.dtype.is_complex:
      raise ValueError("Cell %r accepts only float or complex inputs; got %s"
                       % (self._cell_label(), inputs.dtype.name))
    if self._built_input_shape is None:
      self._built_input_shape = shape
    elif tf.compat.dimension_value(self._built_input_shape[-1]) != depth:
      raise ValueError(
          "Input depth of cell %r changed between calls: it was built for shape "
          "%s and now got shape %s" % (self._cell_label(), self._built_input_shape,
                                       shape))

  def __call__(self, inputs, state, scope=None):
    check_state(self, state)
    return super().__call__(inputs, state, scope=scope)



def check_state(cell, state):
  """Raises ValueError unless `state` matches `cell.state_size` in structure and depth."""
  expected = cell.state_size
  label = cell._cell_label()
  try:
    tf.nest.assert_same_structure(expected, state, check_types=False)
  except (ValueError, TypeError):
    raise ValueError(
        "State of cell %r has the wrong structure: expected one like state_size "
        "%s, got %s" % (label, expected, _describe(state))) from None
  for size, leaf in zip(tf.nest.flatten(expected), tf.nest.flatten(state)):
    if not hasattr(leaf, "shape") or isinstance(leaf, tf.TensorArray):
      continue
    depth = _size_depth(size)
    actual = tf.TensorShape(leaf.shape)
    if depth is None or actual.rank is None:
      continue
    actual_depth = tf.compat.dimension_value(actual[-1]) if actual.rank else None
    if actual.rank == 0 or (actual_depth is not None and actual_depth != depth):
      raise ValueError(
          "State of cell %r has the wrong shape: expected state_size %s "
          "(`[batch, %d]` per leaf), got %s" % (label, expected, depth,
                                                  _describe(state)))


def _describe(structure):
  return tf.nest.map_structure(
      lambda t: "shape %s" % (t.shape,) if hasattr(t, "shape") else repr(t),
      structure)
