"""The `Decoder` interface and `dynamic_decode`, TF 1.15's seq2seq driver loop.

`dynamic_decode` knows decoders only through their interface (`batch_size`,
`output_size`, `output_dtype`, `initialize`, `step`, optional `finalize`), so any
subclass of `Decoder` plugs in: `BasicDecoder`, `BeamSearchDecoder` or a user's own.
"""

import abc
import collections

import tensorflow as tf

from tf1_compat.rnn import base as rnn_base

_V1 = tf.compat.v1


class DecoderStart(
    collections.namedtuple("DecoderStart", ("finished", "inputs", "state"))):
  """What `Decoder.initialize` returns: first finished flags, inputs and state."""
  __slots__ = ()


class DecoderStep(
    collections.namedtuple("DecoderStep",
                           ("outputs", "next_state", "next_inputs", "finished"))):
  """What `Decoder.step` returns for one time step."""
  __slots__ = ()


class DecodeResult(
    collections.namedtuple(
        "DecodeResult",
        ("final_outputs", "final_state", "final_sequence_lengths"))):
  """What `dynamic_decode` returns; unpacks like TF1's 3-tuple."""
  __slots__ = ()


class Decoder(abc.ABC):
  """An RNN decoder driven one step at a time by `dynamic_decode`.

  Concepts: `inputs` and `state` are (structures of) tensors, the state possibly
  holding TensorArrays; `finished` is a bool tensor with one flag per batch entry;
  `outputs` is a structure matching `output_size` and `output_dtype`.
  """

  @property
  @abc.abstractmethod
  def batch_size(self):
    """The batch size: a Python int or scalar `int32` tensor."""

  @property
  @abc.abstractmethod
  def output_size(self):
    """A (structure of) int or `TensorShape`: one output's shape without batch."""

  @property
  @abc.abstractmethod
  def output_dtype(self):
    """A (structure of) `DType`, matching `output_size`."""

  @abc.abstractmethod
  def initialize(self, name=None):
    """Returns `(finished, initial_inputs, initial_state)`."""

  @abc.abstractmethod
  def step(self, time, inputs, state, name=None):
    """Runs one step; returns `(outputs, next_state, next_inputs, finished)`.

    Args:
      time: Scalar `int32` tensor, the step number counting from 0.
      inputs: The inputs for this step.
      state: The state from the previous step.
      name: Optional name scope for the ops.
    """

  def finalize(self, outputs, final_state, sequence_lengths):
    """Post-processes the stacked, time-major outputs after the loop.

    Returns `(final_outputs, final_state)`. The default raises
    `NotImplementedError`, which `dynamic_decode` takes as "nothing to do".
    """
    raise NotImplementedError

  @property
  def tracks_own_finished(self):
    """True when the decoder reports cumulative `finished` flags itself.

    Decoders that reorder batch entries between steps (beam search) must say
    True; otherwise `dynamic_decode` ORs each step's flags into the previous ones.
    """
    return False


def select_rows(condition, if_true, if_false):
  """`if_true` where `condition` holds, else `if_false`, with `condition`
  indexing the leading dimensions (TF1's `where`, broadcast over the rest)."""
  rank = if_true.shape.rank
  cond_rank = condition.shape.rank
  if rank is not None and cond_rank is not None and rank > cond_rank:
    condition = tf.reshape(
        condition,
        tf.concat([tf.shape(condition), tf.ones([rank - cond_rank], tf.int32)], 0))
    condition = tf.broadcast_to(condition, tf.shape(if_true))
  return tf.where(condition, if_true, if_false)


def _element_shape(static_batch, size):
  """`[batch] + size` as a TensorShape, or an unknown shape."""
  if isinstance(size, tf.Tensor):
    return tf.TensorShape(None)
  try:
    size = tf.TensorShape(size)
  except (TypeError, ValueError):
    return tf.TensorShape(None)
  if size.rank is None:
    return size
  return tf.TensorShape([static_batch]).concatenate(size)


def static_batch_size(batch_size):
  """`batch_size` as an int when known statically, else None."""
  value = tf.get_static_value(tf.convert_to_tensor(batch_size))
  return None if value is None else int(value)


# ---- Checks and helpers shared by the decoders and helpers ------------------


def make_embedding_fn(embedding):
  if callable(embedding):
    return embedding
  return lambda ids: tf.nn.embedding_lookup(embedding, ids)


def static_vocab_size(tensor_like, axis):
  shape = getattr(tensor_like, "shape", None)
  if shape is None:
    return None
  shape = tf.TensorShape(shape)
  if shape.rank is None or shape.rank == 0:
    return None
  return tf.compat.dimension_value(shape[axis])


def check_end_token(end_token, vocab_size, what):
  """Raises ValueError if a static `end_token` is outside `[0, vocab_size)`."""
  token = tf.get_static_value(end_token)
  if token is None:
    return
  token = int(token)
  if token < 0 or (vocab_size is not None and token >= vocab_size):
    raise ValueError(
        "end_token %d is out of range for %s of size %s: decoding could never "
        "emit it and would never stop" % (token, what, vocab_size))


def with_end_token_check(logits, end_token):
  """`logits`, guarded by a check that `end_token` indexes their last axis."""
  vocab = tf.compat.dimension_value(logits.shape[-1])
  if vocab is not None and tf.get_static_value(end_token) is not None:
    check_end_token(end_token, vocab, "the logits' last dimension")
    return logits
  vocab_size = tf.shape(logits, out_type=tf.int32)[-1]
  in_range = tf.logical_and(end_token >= 0, end_token < vocab_size)
  check = tf.debugging.Assert(
      in_range,
      ["end_token is out of range for the logits' last dimension (decoding "
       "could never emit it and would never stop): end_token =", end_token,
       "vocabulary size =", vocab_size])
  with tf.control_dependencies([check]):
    return tf.identity(logits)


def layer_output_size(cell_output_size, output_layer):
  """The per-entry output size of `output_layer` applied to the cell output.

  Uses the layer's `compute_output_shape` when it has one; an opaque callable
  gives an unknown shape (the decoder then learns it from the first step).
  """
  if output_layer is None:
    return cell_output_size
  compute = getattr(output_layer, "compute_output_shape", None)
  if compute is None:
    return tf.nest.map_structure(lambda _: tf.TensorShape(None), cell_output_size)
  with_batch = tf.nest.map_structure(
      lambda s: tf.TensorShape([None]).concatenate(s), cell_output_size)
  return tf.nest.map_structure(lambda s: tf.TensorShape(s)[1:],
                               compute(with_batch))


def dynamic_decode(decoder, output_time_major=False, impute_finished=False,
                   maximum_iterations=None, parallel_iterations=32,
                   swap_memory=False, scope=None):
  """Runs `decoder` in a `tf.while_loop` until every entry has finished.

  Calls `decoder.initialize()` once and `decoder.step()` on every iteration, under
  `variable_scope(scope, default_name="decoder")`, so a cell's variables end up as
  `decoder/<cell scope>/kernel` and an output layer's as `decoder/dense/kernel`
  (`decoder_1/...` for a second call without `scope`).

  The loop stops when every entry has finished, or after `maximum_iterations`
  steps. With `maximum_iterations=None` it stops only when the decoder reports
  every entry finished: a greedy or sampling decoder whose model never emits
  `end_token` keeps going, exactly as in TF1. Set `maximum_iterations` for
  inference. A decoder whose per-step `finished` flags are statically all False
  can never stop, and is rejected at graph-build time.

  Args:
    decoder: A `Decoder`.
    output_time_major: If True, outputs are `[time, batch, ...]`; otherwise
      (default) `[batch, time, ...]`.
    impute_finished: If True, entries that had finished *before* a step get zero
      outputs (a zero `sample_id` too, which may be a real token) and keep their
      state from the previous step. The step on which an entry finishes (e.g. its
      EOS) is emitted and applied normally. TensorArrays and scalar state leaves
      (such as `AttentionWrapperState.time`) pass through. Not supported by
      decoders that track their own finished flags (beam search), whose entries
      move between steps.
    maximum_iterations: Optional scalar `int32`: the most steps to run. A value
      `<= 0` marks every entry finished before the first step, so no step runs.
    parallel_iterations: Passed to `tf.while_loop`.
    swap_memory: Passed to `tf.while_loop`.
    scope: Optional variable scope (name or `VariableScope`).

  Returns:
    `DecodeResult(final_outputs, final_state, final_sequence_lengths)`.
    `final_outputs` has one entry per step actually run along the time axis (the
    longest entry, or `maximum_iterations`). `final_sequence_lengths` is `int32`
    and shaped like `finished`: for each entry the step count up to and including
    the step on which it finished (so an emitted EOS is counted), or the number of
    steps run if it never finished. Beam search reports per-slot values here;
    its `final_state.lengths` follow the beams.

  Raises:
    TypeError: if `decoder` is not a `Decoder`.
    ValueError: if `maximum_iterations` is not a scalar, `impute_finished` is
      combined with a decoder that tracks its own finished flags, or the decoder
      can statically never finish while `maximum_iterations` is None.
  """
  if not isinstance(decoder, Decoder):
    raise TypeError("Expected decoder to be a tf1_compat.seq2seq.Decoder, but "
                    "saw: %s" % type(decoder).__name__)
  if impute_finished and decoder.tracks_own_finished:
    raise ValueError(
        "impute_finished=True is not supported with %s: it tracks its own "
        "finished flags and reorders its entries at every step, so copying "
        "state through would mix entries. Use impute_finished=False."
        % type(decoder).__name__)

  with _V1.variable_scope(scope, default_name="decoder"):
    if maximum_iterations is not None:
      maximum_iterations = tf.convert_to_tensor(
          maximum_iterations, dtype=tf.int32, name="maximum_iterations")
      if maximum_iterations.shape.rank != 0:
        raise ValueError("maximum_iterations must be a scalar, but saw shape: %s"
                         % maximum_iterations.shape)

    initial_finished, initial_inputs, initial_state = decoder.initialize()
    initial_finished = tf.convert_to_tensor(initial_finished, dtype=tf.bool)
    if maximum_iterations is not None:
      initial_finished = tf.logical_or(initial_finished, maximum_iterations <= 0)
    initial_sequence_lengths = tf.zeros_like(initial_finished, dtype=tf.int32)
    initial_time = tf.constant(0, dtype=tf.int32)

    static_batch = static_batch_size(decoder.batch_size)
    initial_outputs_ta = tf.nest.map_structure(
        lambda size, dtype: tf.TensorArray(
            dtype=dtype, size=0, dynamic_size=True,
            element_shape=_element_shape(static_batch, size)),
        decoder.output_size, decoder.output_dtype)
    emitted_shapes = []

    def condition(unused_time, unused_outputs_ta, unused_state, unused_inputs,
                  finished, unused_sequence_lengths):
      return tf.logical_not(tf.reduce_all(finished))

    def body(time, outputs_ta, state, inputs, finished, sequence_lengths):
      (next_outputs, decoder_state, next_inputs,
       decoder_finished) = decoder.step(time, inputs, state)
      decoder_finished = tf.convert_to_tensor(decoder_finished, dtype=tf.bool)
      if maximum_iterations is None:
        _check_can_finish(decoder, decoder_finished)
      if decoder.tracks_own_finished:
        next_finished = decoder_finished
      else:
        next_finished = tf.logical_or(decoder_finished, finished)
      next_finished.set_shape(finished.shape)
      next_sequence_lengths = tf.where(
          tf.logical_not(finished),
          tf.fill(tf.shape(sequence_lengths), time + 1),
          sequence_lengths)

      tf.nest.assert_same_structure(state, decoder_state)
      tf.nest.assert_same_structure(outputs_ta, next_outputs)
      tf.nest.assert_same_structure(inputs, next_inputs)

      if impute_finished:
        emit = tf.nest.map_structure(
            lambda out: select_rows(finished, tf.zeros_like(out), out),
            next_outputs)
        next_state = tf.nest.map_structure(
            lambda new, cur: _maybe_copy_state(finished, new, cur),
            decoder_state, state)
      else:
        emit = next_outputs
        next_state = decoder_state

      del emitted_shapes[:]
      emitted_shapes.extend(t.shape for t in tf.nest.flatten(emit))
      outputs_ta = tf.nest.map_structure(
          lambda ta, out: ta.write(time, out), outputs_ta, emit)
      return (time + 1, outputs_ta, next_state, next_inputs, next_finished,
              next_sequence_lengths)

    results = tf.while_loop(
        condition, body,
        loop_vars=(initial_time, initial_outputs_ta, initial_state,
                   initial_inputs, initial_finished, initial_sequence_lengths),
        parallel_iterations=parallel_iterations,
        maximum_iterations=maximum_iterations,
        swap_memory=swap_memory)
    final_outputs_ta = results[1]
    final_state = results[2]
    final_sequence_lengths = results[5]

    final_outputs = tf.nest.map_structure(lambda ta: ta.stack(), final_outputs_ta)
    for tensor, shape in zip(tf.nest.flatten(final_outputs), emitted_shapes):
      tensor.set_shape(tf.TensorShape([None]).concatenate(shape))

    try:
      final_outputs, final_state = decoder.finalize(
          final_outputs, final_state, final_sequence_lengths)
    except NotImplementedError:
      pass

    if not output_time_major:
      final_outputs = tf.nest.map_structure(rnn_base.transpose_batch_time, final_outputs)

  return DecodeResult(final_outputs, final_state, final_sequence_lengths)


def _check_can_finish(decoder, decoder_finished):
  value = tf.get_static_value(decoder_finished)
  if value is not None and not value.any():
    raise ValueError(
        "%s reports finished=False for every entry at every step, so decoding "
        "could never stop: pass maximum_iterations to dynamic_decode."
        % type(decoder).__name__)


def _maybe_copy_state(finished, new, cur):
  """`cur` for finished entries, else `new`; TensorArrays and scalars pass."""
  if isinstance(cur, tf.TensorArray):
    return new
  new.set_shape(cur.shape)
  if new.shape.rank == 0:
    return new
  return select_rows(finished, cur, new)
