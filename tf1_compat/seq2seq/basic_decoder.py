"""BasicDecoder: a cell, a helper and an optional output layer, one step at a time."""

import collections

import tensorflow as tf

from tf1_compat.rnn import base as rnn_base
from tf1_compat.seq2seq import decoder
from tf1_compat.seq2seq import helper as helper_lib


class BasicDecoderOutput(
    collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
  """One step's (or, stacked, every step's) projected cell output and sample id."""
  __slots__ = ()


class BasicDecoder(decoder.Decoder):
  """Runs `cell`, projects with `output_layer`, then lets `helper` sample.

  Each step: `cell(inputs, state)`, then `output_layer` (if any) on the cell
  output, then `helper.sample` on the *projected* outputs, then
  `helper.next_inputs`. Under `dynamic_decode` the variables are
  `decoder/<cell scope>/...` and, for a `tf1_compat.layers.Dense`,
  `decoder/dense/kernel`: the layer is built inside the loop, on the first step.
  """

  def __init__(self, cell, helper, initial_state, output_layer=None):
    """Creates the decoder.

    Args:
      cell: An RNN cell (`state_size`, `output_size`, `zero_state`, callable).
      helper: A `Helper`.
      initial_state: The cell's initial state, batch first.
      output_layer: Optional callable applied to the cell output, typically a
        `tf1_compat.layers.Dense(vocab)`.

    Raises:
      TypeError: if `cell`, `helper` or `output_layer` has the wrong type.
      ValueError: if the helper's batch size and the initial state's batch
        dimension are both static and differ (otherwise `initialize()` adds a
        run-time check).
    """
    rnn_base.assert_like_rnncell("cell", cell, "BasicDecoder")
    if not isinstance(helper, helper_lib.Helper):
      raise TypeError("helper must be a Helper, received: %s"
                      % type(helper).__name__)
    if output_layer is not None and not callable(output_layer):
      raise TypeError("output_layer must be callable (e.g. a Dense layer), "
                      "received: %s" % type(output_layer).__name__)
    self._cell = cell
    self._helper = helper
    self._initial_state = initial_state
    self._output_layer = output_layer
    try:
      helper_batch_size = helper.batch_size
    except ValueError:  # a CustomHelper knows it only after initialize()
      helper_batch_size = None
    if helper_batch_size is not None:
      _check_batch_static(helper_batch_size, initial_state)

  @property
  def batch_size(self):
    return self._helper.batch_size

  def _rnn_output_size(self):
    return decoder.layer_output_size(self._cell.output_size, self._output_layer)

  @property
  def output_size(self):
    return BasicDecoderOutput(rnn_output=self._rnn_output_size(),
                              sample_id=self._helper.sample_ids_shape)

  @property
  def output_dtype(self):
    dtype = tf.nest.flatten(self._initial_state)[0].dtype
    return BasicDecoderOutput(
        tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
        self._helper.sample_ids_dtype)

  def initialize(self, name=None):
    """Returns `(finished, first_inputs, initial_state)` from the helper.

    Adds a run-time assertion that the helper's batch size matches the initial
    state's when that could not be checked statically.
    """
    finished, first_inputs = self._helper.initialize()
    batch_size = self._helper.batch_size
    _check_batch_static(batch_size, self._initial_state)
    checks = _batch_checks(batch_size, self._initial_state)
    if checks:
      with tf.control_dependencies(checks):
        finished = tf.identity(finished)
    return decoder.DecoderStart(finished, first_inputs, self._initial_state)

  def step(self, time, inputs, state, name=None):
    with tf.name_scope(name or "BasicDecoderStep"):
      cell_outputs, cell_state = self._cell(inputs, state)
      if self._output_layer is not None:
        cell_outputs = self._output_layer(cell_outputs)
      sample_ids = self._helper.sample(
          time=time, outputs=cell_outputs, state=cell_state)
      finished, next_inputs, next_state = self._helper.next_inputs(
          time=time, outputs=cell_outputs, state=cell_state,
          sample_ids=sample_ids)
    outputs = BasicDecoderOutput(cell_outputs, sample_ids)
    return decoder.DecoderStep(outputs, next_state, next_inputs, finished)


def _state_leaves(state):
  return [leaf for leaf in tf.nest.flatten(state)
          if isinstance(leaf, tf.Tensor) and leaf.shape.rank]


_MISMATCH = ("BasicDecoder: the helper's batch size (%s) does not match the "
             "batch dimension of the initial state (%s, shape %s)")


def _check_batch_static(batch_size, initial_state):
  expected = tf.get_static_value(tf.convert_to_tensor(batch_size))
  if expected is None:
    return
  for leaf in _state_leaves(initial_state):
    actual = tf.compat.dimension_value(leaf.shape[0])
    if actual is not None and actual != int(expected):
      raise ValueError(_MISMATCH % (int(expected), leaf.name, leaf.shape))


def _batch_checks(batch_size, initial_state):
  expected = tf.get_static_value(tf.convert_to_tensor(batch_size))
  checks = []
  for leaf in _state_leaves(initial_state):
    if (expected is not None and
        tf.compat.dimension_value(leaf.shape[0]) is not None):
      continue
    checks.append(tf.debugging.assert_equal(
        tf.shape(leaf)[0], tf.cast(batch_size, tf.int32),
        message="BasicDecoder: the helper's batch size does not match the "
                "batch dimension of initial state %s" % leaf.name))
  return checks
