"""The TF1 RNN cell contract: `RNNCell`, `LSTMStateTuple` and zero states.

Any object with `state_size`, `output_size`, `zero_state(batch_size, dtype)` and
`__call__(inputs, state, scope=None)` plugs into TensorFlow's own
`tf.compat.v1.nn.static_rnn`, `dynamic_rnn`, `bidirectional_dynamic_rnn` and `raw_rnn`.

The helpers every package that takes cells shares live here, once:
`assert_like_rnncell` (the contract check), `transpose_batch_time`, and
`CellWrapper`, the base of the wrappers that delegate to a cell.
"""

import abc
import collections

import tensorflow as tf

from tf1_compat.framework import base_layer
from tf1_compat.framework import checks

_V1 = tf.compat.v1

# Checkpoint-visible variable names shared by the cells.
WEIGHTS_NAME = "kernel"
BIAS_NAME = "bias"


_CELL_CONTRACT = ("output_size", "state_size", "zero_state")


def assert_like_rnncell(name, cell, owner=None):
  """Raises unless `cell` has the TF1 cell contract (TF1's `assert_like_rnncell`).

  Args:
    name: the argument's name, e.g. `"cell"`.
    cell: the object to check.
    owner: the class or function taking it, named in the message.

  Raises:
    checks.ArgumentError: (a `TypeError`) naming what `cell` lacks.
  """
  missing = [attr for attr in _CELL_CONTRACT if not hasattr(cell, attr)]
  if not callable(cell):
    missing.append("__call__")
  if missing:
    raise checks.ArgumentError(
        "%sthe argument %r needs an RNN cell, but %r is not an RNNCell: it lacks "
        "%s" % ("%s: " % owner if owner else "", name, cell, ", ".join(missing)))


def transpose_batch_time(x):
  """Swaps the first two axes (`[batch, time, ...]` <-> `[time, batch, ...]`).

  Tensors of rank < 2 are returned unchanged; the static shape is kept.
  """
  x = tf.convert_to_tensor(x)
  static_shape = x.shape
  if static_shape.rank is not None and static_shape.rank < 2:
    return x
  transposed = tf.transpose(x, tf.concat(([1, 0], tf.range(2, tf.rank(x))), axis=0))
  if static_shape.rank is not None:
    transposed.set_shape(tf.TensorShape([static_shape[1], static_shape[0]])
                         .concatenate(static_shape[2:]))
  return transposed


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


class SplitStep(collections.namedtuple("SplitStep", ("project", "step"))):
  """A cell's step split in two, for running a whole sequence at once.

  `project(inputs)`, `[n, depth] -> [n, k]`, is the part of the step that reads
  the inputs only (their matmul and the bias), so the driver runs it for every
  time step in one matmul; `step(projected, state) -> (output, new_state)` is
  the rest, run per step on `projected`'s `[batch, k]` rows. Together they
  compute what the cell's `call` does, up to float rounding (the two matmuls
  are summed instead of one matmul over `concat([inputs, h])`).
  """
  __slots__ = ()


def add_recurrent(projected, state, kernel):
  """`projected + state @ kernel`, a split step's recurrent term.

  A `state` that is a constant zero (a first step from `zero_state`) adds
  exact zeros, so its matmul -- and that matmul's share of the kernel's
  gradient -- is left out and `projected` comes back as it is.
  """
  if is_constant_zero(state):
    return projected
  return projected + tf.matmul(state, kernel)


def is_constant_zero(tensor):
  """Whether `tensor`'s value is known at graph-build time and all zeros."""
  value = tf.get_static_value(tensor)
  return value is not None and not value.any()


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
      inputs = tf.convert_to_tensor(inputs, name="inputs")
      static_batch = tf.compat.dimension_value(inputs.shape[0])
      if batch_size is not None:
        given = (tf.get_static_value(batch_size) if tf.is_tensor(batch_size)
                 else batch_size)
        if static_batch != given:
          raise ValueError(
              "batch size from input tensor is different from the input param. "
              "Input tensor batch: %s, batch_size: %s (%s.get_initial_state)"
              % (static_batch, batch_size, type(self).__name__))
      if dtype is not None and inputs.dtype != dtype:
        raise ValueError(
            "dtype from input tensor is different from the input param. Input "
            "tensor dtype: %s, dtype: %s (%s.get_initial_state)"
            % (inputs.dtype.name, tf.as_dtype(dtype).name, type(self).__name__))
      batch_size = static_batch if static_batch is not None else tf.shape(inputs)[0]
      dtype = inputs.dtype
    if batch_size is None or dtype is None:
      raise ValueError(
          "batch_size and dtype cannot be None while constructing initial "
          "state: %s.get_initial_state needs inputs, or both batch_size and "
          "dtype; got batch_size=%s, dtype=%s"
          % (type(self).__name__, batch_size, dtype))
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
      raise ValueError("RNN cell only supports floating point inputs, but saw "
                       "dtype: %s (cell %r accepts float or complex inputs)"
                       % (inputs.dtype.name, self._cell_label()))
    if self._built_input_shape is None:
      self._built_input_shape = shape
    elif tf.compat.dimension_value(self._built_input_shape[-1]) != depth:
      raise ValueError(
          "Input depth of cell %r changed between calls: it was built for shape "
          "%s and now got shape %s" % (self._cell_label(), self._built_input_shape,
                                       shape))

  def __call__(self, inputs, state, scope=None):
    if (isinstance(state, (list, tuple)) and len(state) == 1
        and not tf.nest.is_nested(self.state_size)):
      # Keras' RNN layer hands a single state over as `[state]`; TF 1.15 let
      # it through into `call` (where it broadcast to an extra dimension).
      state = state[0]
    check_state(self, state)
    return super().__call__(inputs, state, scope=scope)



def check_state(cell, state):
  """Raises ValueError unless `state` matches `cell.state_size` in structure and depth."""
  expected = cell.state_size
  label = cell._cell_label()
  try:
    tf.nest.assert_same_structure(expected, state, check_types=False)
  except (ValueError, TypeError):
    # TF 1.15's wording first for tuple states (MultiRNNCell's), then ours.
    tf1_words = ("Expected state to be a tuple of length %d, but received: %s. "
                 % (len(expected), _describe(state))
                 if isinstance(expected, tuple) else "")
    raise ValueError(
        "%sState of cell %r has the wrong structure: expected one like "
        "state_size %s, got %s" % (tf1_words, label, expected,
                                   _describe(state))) from None
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


class WrappedCellWeights:
  """Weights lists that add the wrapped cell's (`self._cell`) to the layer's own.

  Mixed in before the layer base by the cells that hold another cell, so
  `trainable_variables` and friends name every variable the pair owns, as
  TF 1.15's wrappers did.
  """

  @property
  def trainable_weights(self):
    return super().trainable_weights + list(
        getattr(self._cell, "trainable_weights", []))

  @property
  def non_trainable_weights(self):
    return super().non_trainable_weights + list(
        getattr(self._cell, "non_trainable_weights", []))

  @property
  def weights(self):
    return self.trainable_weights + self.non_trainable_weights

  trainable_variables = trainable_weights
  non_trainable_variables = non_trainable_weights
  variables = weights


class CellWrapper(WrappedCellWeights, RNNCell):
  """Base of the wrappers around a cell: sizes, zero state and weights delegate.

  `state_size`, `output_size` and `zero_state` are the wrapped cell's; the
  weights are the wrapper's own (if it builds any) followed by the cell's.
  Wrappers that add no variable level (`DropoutWrapper`, ...) override
  `__call__` to call the cell directly; wrappers with their own variables
  (`InputProjectionWrapper`, ...) keep the `Layer` call and scoping.
  """

  def __init__(self, cell, reuse=None, **kwargs):
    super().__init__(_reuse=reuse, **kwargs)
    assert_like_rnncell("cell", cell, type(self).__name__)
    self._cell = cell
    self._track_trackable(cell, name="cell")

  @property
  def wrapped_cell(self):
    return self._cell

  def get_config(self):
    """The base layer's config plus `cell`: `{"class_name", "config"}`."""
    return dict(super().get_config(), cell={
        "class_name": type(self._cell).__name__,
        "config": self._cell.get_config()})

  @classmethod
  def from_config(cls, config):
    """The wrapper of `config`, whose `cell` must be a cell object again (TF 1.15
    left rebuilding it from its own config to the caller)."""
    config = dict(config)
    cell = config.pop("cell")
    try:
      assert_like_rnncell("cell", cell, cls.__name__)
    except TypeError:
      raise ValueError(
          "%s cannot reconstruct the wrapped cell: replace config['cell'] with "
          "an RNNCell instance (e.g. LSTMCell.from_config(config['cell']"
          "['config'])), got %r" % (cls.__name__, cell)) from None
    if config.get("dtype") is None:
      config.pop("dtype", None)
    return cls(cell, **config)

  @property
  def state_size(self):
    return self._cell.state_size

  @property
  def output_size(self):
    return self._cell.output_size

  def zero_state(self, batch_size, dtype):
    with tf.name_scope(type(self).__name__ + "ZeroState"):
      return self._cell.zero_state(batch_size, dtype)

