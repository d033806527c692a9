"""BeamSearchDecoder and `tile_batch`: TF 1.15's beam search for `dynamic_decode`.

The decoder keeps `beam_width` hypotheses per batch entry. Everything the cell
sees is batch-by-beam merged (`[batch * beam_width, ...]`), so the initial state,
an attention memory and its lengths must be tiled with `tile_batch` (not `tf.tile`:
each entry's copies must be contiguous) and an `AttentionWrapper`'s
`zero_state` called with `batch_size * beam_width`.
"""

import collections

import numpy as np
import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.rnn import base as rnn_base
from tf1_compat.seq2seq import attention_wrapper
from tf1_compat.seq2seq import beam_search_ops
from tf1_compat.seq2seq import decoder


class BeamSearchDecoderState(
    collections.namedtuple("BeamSearchDecoderState",
                           ("cell_state", "log_probs", "finished", "lengths",
                            "accumulated_attention_probs"))):
  """The beam search's loop state; every leaf is `[batch, beam_width, ...]`.

  `lengths` (`int64`) count each hypothesis's tokens including its `end_token`;
  `accumulated_attention_probs` is `()` unless a coverage penalty is used.
  """
  __slots__ = ()


class BeamSearchDecoderOutput(
    collections.namedtuple("BeamSearchDecoderOutput",
                           ("scores", "predicted_ids", "parent_ids"))):
  """Per step, per beam: the (length-penalized) score, the raw chosen id and the
  beam it extends. Each is `[batch, beam_width]` per step."""
  __slots__ = ()


class FinalBeamSearchDecoderOutput(
    collections.namedtuple("FinalBeamDecoderOutput",
                           ("predicted_ids", "beam_search_decoder_output"))):
  """Beam search results after backtracking.

  `predicted_ids` is `int32` `[batch, time, beam_width]` (`[time, batch,
  beam_width]` with `output_time_major`), the full paths, best beam first, padded
  with `end_token` after each path's end. `beam_search_decoder_output` holds the
  raw per-step `BeamSearchDecoderOutput` (not backtracked). The namedtuple's type
  name is TF1's, "FinalBeamDecoderOutput".
  """
  __slots__ = ()


def _tile_batch(t, multiplier):
  t = tf.convert_to_tensor(t, name="t")
  if t.shape.rank is None or t.shape.rank < 1:
    raise ValueError("tile_batch needs tensors with a statically known rank "
                     ">= 1, saw shape %s" % t.shape)
  shape_t = tf.shape(t)
  tiling = [1] * (t.shape.rank + 1)
  tiling[1] = multiplier
  tiled = tf.tile(tf.expand_dims(t, 1), tiling)
  tiled = tf.reshape(tiled, tf.concat(([shape_t[0] * multiplier], shape_t[1:]),
                                      0))
  static_batch = tf.compat.dimension_value(t.shape[0])
  tiled.set_shape(tf.TensorShape(
      [None if static_batch is None else static_batch * multiplier]
  ).concatenate(t.shape[1:]))
  return tiled


def tile_batch(t, multiplier, name=None):
  """Repeats each batch entry `multiplier` times, copies next to each other.

  `[batch, ...]` becomes `[batch * multiplier, ...]` ordered `t[0], t[0], ...,
  t[1], t[1], ...` (unlike `tf.tile`, which would repeat the whole batch). Works
  on nested structures, e.g. an `LSTMStateTuple` or a `MultiRNNCell` state.

  Raises:
    ValueError: if a tensor's rank is unknown or 0, or `multiplier` is a Python
      number below 1 (a tensor multiplier is used as is).
  """
  if not tf.is_tensor(multiplier):
    multiplier = checks.positive_int(multiplier, "multiplier", "tile_batch")
  with tf.name_scope(name or "tile_batch"):
    return tf.nest.map_structure(lambda t_: _tile_batch(t_, multiplier), t)


def gather_tree_from_array(t, parent_ids, sequence_length):
  """Reorders a stacked per-step tensor along the final beam paths.

  Args:
    t: `[max_time, batch * beam_width, ...]` or `[max_time, batch, beam_width,
      ...]`, e.g. a stacked `alignment_history`.
    parent_ids: `int32` `[max_time, batch, beam_width]`.
    sequence_length: `[batch, beam_width]`; steps beyond a beam's length keep
      that beam's own entries.

  Returns:
    `t` with each step's beams sorted like the backtracked paths: row `k` of
    step `t` is taken from the slot that final beam `k`'s path occupied *after*
    step `t` (TF 1.15's choice, reproduced on purpose). Per-step cell outputs
    such as attention alignments were computed in the slot the path occupied
    *before* step `t` (its parent), so for those this is one step off; index the
    raw history with `parent_ids` if the producing alignments are needed.
  """
  max_time = tf.shape(parent_ids)[0]
  batch_size = tf.shape(parent_ids)[1]
  beam_width = tf.shape(parent_ids)[2]
  beam_ids = tf.tile(tf.range(beam_width)[tf.newaxis, tf.newaxis],
                     [max_time, batch_size, 1])
  max_sequence_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1),
                                 tf.int32)
  sorted_beam_ids = beam_search_ops.gather_tree(
      step_ids=beam_ids, parent_ids=parent_ids,
      max_sequence_lengths=max_sequence_lengths, end_token=beam_width + 1)
  in_bound_steps = tf.transpose(
      tf.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
  sorted_beam_ids = tf.where(in_bound_steps, sorted_beam_ids, beam_ids)
  final_shape = tf.shape(t)
  gather_from = tf.reshape(t, [max_time, batch_size, beam_width, -1])
  ordered = tf.gather(gather_from, sorted_beam_ids, batch_dims=2)
  ordered = tf.reshape(ordered, final_shape)
  ordered.set_shape(t.shape)
  return ordered


class BeamSearchDecoder(decoder.Decoder):
  """Beam search with TF 1.15's scoring, for use with `dynamic_decode`.

  Start: beam 0 of each entry has log-probability 0; beams 1.. start at -inf and
  *finished*, so the first step expands beam 0 only. Each step: log-softmax of
  the logits; finished beams may only continue with `end_token` at no cost (other
  tokens get the dtype's lowest value, not -inf); candidate score =
  `total_log_prob / ((5 + length) / 6) ** length_penalty_weight`, with `length`
  counting the new token unless it is `end_token` or the beam had finished; plus,
  with a coverage penalty, `coverage_penalty_weight * sum_j log(min(acc_j, 1))`
  on previously finished beams (`acc_j` = accumulated attention, 0 counted as
  1). The top `beam_width` of the `beam_width * vocab` candidates survive. The
  state `lengths` then add 1 for every beam not finished before the step, so
  they *include* `end_token`.

  After the loop `finalize` backtracks with `gather_tree`, so `predicted_ids` is
  sorted best first (top_k order), and TensorArrays in the cell state (e.g.
  `alignment_history`) are stacked and reordered along the paths exactly as TF
  1.15 did (see `gather_tree_from_array` for its one-step offset). Use it with
  `impute_finished=False`.

  Variables are created as by `BasicDecoder` (`decoder/<cell>/...`,
  `decoder/dense/kernel`), so a model trained with `TrainingHelper` restores.
  """

  def __init__(self, cell, embedding, start_tokens, end_token, initial_state,
               beam_width, output_layer=None, length_penalty_weight=0.0,
               coverage_penalty_weight=0.0, reorder_tensor_arrays=True):
    """Creates the decoder.

    Args:
      cell: An RNN cell.
      embedding: An embedding matrix `[vocab, depth]` or a callable on ids.
      start_tokens: `int32` vector `[batch]`.
      end_token: `int32` scalar.
      initial_state: The cell's initial state, tiled to `[batch * beam_width,
        ...]` with `tile_batch`.
      beam_width: Python int.
      output_layer: Optional callable applied to the cell output (on
        `[batch, beam_width, depth]` tensors), e.g. `tf1_compat.layers.Dense`.
      length_penalty_weight: Float; 0 disables the length penalty.
      coverage_penalty_weight: Float; 0 disables it. Needs an
        `AttentionWrapper` cell.
      reorder_tensor_arrays: Reorder TensorArrays of the cell state along the
        final beams in `finalize` (they are returned stacked).

    Raises:
      TypeError: if `cell` or `output_layer` has the wrong type.
      ValueError: if `start_tokens` is not a vector, `end_token` is not a scalar
        or statically outside the embedding's vocabulary, or an initial state
        leaf statically does not have `batch * beam_width` rows.
    """
    rnn_base.assert_like_rnncell("cell", cell, "BeamSearchDecoder")
    if output_layer is not None and not callable(output_layer):
      raise TypeError("output_layer must be callable (e.g. a Dense layer), "
                      "received: %s" % type(output_layer).__name__)
    self._cell = cell
    self._output_layer = output_layer
    self._reorder_tensor_arrays = reorder_tensor_arrays
    self._beam_width = int(beam_width)
    if self._beam_width < 1:
      raise ValueError("beam_width must be >= 1, saw %s" % beam_width)
    self._length_penalty_weight = length_penalty_weight
    self._coverage_penalty_weight = coverage_penalty_weight

    self._embedding_fn = decoder.make_embedding_fn(embedding)
    self._start_tokens = tf.convert_to_tensor(
        start_tokens, dtype=tf.int32, name="start_tokens")
    if self._start_tokens.shape.rank != 1:
      raise ValueError("start_tokens must be a vector, saw shape %s"
                       % self._start_tokens.shape)
    self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32,
                                           name="end_token")
    if self._end_token.shape.rank != 0:
      raise ValueError("end_token must be a scalar, saw shape %s"
                       % self._end_token.shape)
    if not callable(embedding):
      decoder.check_end_token(
          self._end_token,
          decoder.static_vocab_size(embedding, axis=0),
          "the embedding's vocabulary (its first dimension)")

    self._batch_size = tf.size(self._start_tokens)
    self._initial_cell_state = tf.nest.map_structure(
        self._maybe_split_batch_beams, initial_state, self._cell.state_size)
    self._start_tokens = tf.tile(tf.expand_dims(self._start_tokens, 1),
                                 [1, self._beam_width])
    self._start_inputs = self._embedding_fn(self._start_tokens)
    self._finished = tf.one_hot(
        tf.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
        on_value=False, off_value=True, dtype=tf.bool)

  @property
  def batch_size(self):
    return self._batch_size

  @property
  def tracks_own_finished(self):
    """True: beams move between slots, so the decoder keeps its own flags."""
    return True

  def _rnn_output_size(self):
    return decoder.layer_output_size(self._cell.output_size,
                                           self._output_layer)

  @property
  def output_size(self):
    return BeamSearchDecoderOutput(
        scores=tf.TensorShape([self._beam_width]),
        predicted_ids=tf.TensorShape([self._beam_width]),
        parent_ids=tf.TensorShape([self._beam_width]))

  @property
  def output_dtype(self):
    dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
    return BeamSearchDecoderOutput(
        scores=tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
        predicted_ids=tf.int32, parent_ids=tf.int32)

  def initialize(self, name=None):
    """Returns `(finished, start_inputs, initial BeamSearchDecoderState)`."""
    del name
    dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
    log_probs = tf.one_hot(
        tf.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
        on_value=tf.constant(0.0, dtype=dtype),
        off_value=tf.constant(-np.inf, dtype=dtype), dtype=dtype)
    init_attention_probs = get_attention_probs(
        self._initial_cell_state, self._coverage_penalty_weight)
    if init_attention_probs is None:
      init_attention_probs = ()
    initial_state = BeamSearchDecoderState(
        cell_state=self._initial_cell_state, log_probs=log_probs,
        finished=self._finished,
        lengths=tf.zeros([self._batch_size, self._beam_width], dtype=tf.int64),
        accumulated_attention_probs=init_attention_probs)
    return decoder.DecoderStart(self._finished, self._start_inputs,
                                initial_state)

  def finalize(self, outputs, final_state, sequence_lengths):
    """Backtracks the beams with `gather_tree`.

    `sequence_lengths` from `dynamic_decode` are ignored: the lengths that
    follow the beams are `final_state.lengths`.
    """
    del sequence_lengths
    max_sequence_lengths = tf.cast(
        tf.reduce_max(final_state.lengths, axis=1), tf.int32)
    predicted_ids = beam_search_ops.gather_tree(
        outputs.predicted_ids, outputs.parent_ids,
        max_sequence_lengths=max_sequence_lengths, end_token=self._end_token)
    if self._reorder_tensor_arrays:
      final_state = final_state._replace(cell_state=tf.nest.map_structure(
          lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids,
                                                 final_state.lengths),
          final_state.cell_state))
    return (FinalBeamSearchDecoderOutput(
        predicted_ids=predicted_ids, beam_search_decoder_output=outputs),
            final_state)

  # ---- batch/beam reshaping ---------------------------------------------------

  def _merge_batch_beams(self, t, s=None):
    """`[batch, beam, ...]` -> `[batch * beam, ...]`."""
    s = tf.TensorShape(s) if s is not None else t.shape[2:]
    static_batch = decoder.static_batch_size(self._batch_size)
    merged = tf.reshape(t, tf.concat(
        ([self._batch_size * self._beam_width], tf.shape(t)[2:]), 0))
    merged.set_shape(tf.TensorShape(
        [None if static_batch is None else static_batch * self._beam_width]
    ).concatenate(s))
    return merged

  def _split_batch_beams(self, t, s=None):
    """`[batch * beam, ...]` -> `[batch, beam, ...]`, checking the row count.

    A state that was not tiled has `batch` rows instead of `batch * beam`: that
    is a ValueError when both are static, and an `InvalidArgumentError` with the
    same explanation at run time otherwise.
    """
    s = tf.TensorShape(s) if s is not None else t.shape[1:]
    static_batch = decoder.static_batch_size(self._batch_size)
    rows = tf.compat.dimension_value(t.shape[0])
    expected = (None if static_batch is None
                else static_batch * self._beam_width)
    message = (
        "BeamSearchDecoder: a state tensor (%s) must have batch_size * "
        "beam_width rows (beam_width=%d). Tile the encoder outputs, lengths and "
        "state with tile_batch(..., multiplier=beam_width) and call an "
        "AttentionWrapper's zero_state with batch_size * beam_width."
        % (getattr(t, "name", t), self._beam_width))
    if rows is not None and (
        (expected is not None and rows != expected) or
        rows % self._beam_width != 0):
      raise ValueError("%s Saw %d rows, expected %s." % (
          message, rows, expected if expected is not None
          else "a multiple of beam_width"))
    if rows is None or expected is None:
      check = tf.debugging.assert_equal(
          tf.shape(t)[0], self._batch_size * self._beam_width, message=message)
      with tf.control_dependencies([check]):
        t = tf.identity(t)
    split = tf.reshape(t, tf.concat(
        ([self._batch_size, self._beam_width], tf.shape(t)[1:]), 0))
    split.set_shape(tf.TensorShape([static_batch, self._beam_width])
                    .concatenate(s))
    return split

  def _maybe_split_batch_beams(self, t, s):
    if isinstance(t, tf.TensorArray):
      return t
    _check_ndims(t)
    if t.shape.rank >= 1:
      return self._split_batch_beams(t, _size_shape(s))
    return t

  def _maybe_merge_batch_beams(self, t, s):
    if isinstance(t, tf.TensorArray):
      return t
    _check_ndims(t)
    if t.shape.rank >= 2:
      return self._merge_batch_beams(t, _size_shape(s))
    return t

  def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
    """Stacks a TensorArray of the cell state and sorts it along the beams."""
    if not isinstance(t, tf.TensorArray):
      return t
    element_shape = t.element_shape
    if element_shape.rank is None or element_shape.rank < 1:
      tf.get_logger().warning(
          "The TensorArray %s in the cell state is not amenable to sorting "
          "based on the beam search result: its element shape %s must have a "
          "known rank >= 1.", t.handle.name, element_shape)
      return t
    static_batch = decoder.static_batch_size(self._batch_size)
    rows = tf.compat.dimension_value(element_shape[0])
    if static_batch is not None and rows is not None and (
        rows != static_batch * self._beam_width):
      tf.get_logger().warning(
          "TensorArray reordering expects elements of shape [batch_size * "
          "beam_width, ...] = [%d, ...], saw %s. Consider "
          "reorder_tensor_arrays=False.", static_batch * self._beam_width,
          element_shape)
      return t
    stacked = t.stack()
    with tf.control_dependencies(
        [_check_batch_beam(stacked, self._batch_size, self._beam_width)]):
      return gather_tree_from_array(stacked, parent_ids, sequence_length)

  def step(self, time, inputs, state, name=None):
    """One beam search step; see the class docstring for the scoring."""
    with tf.name_scope(name or "BeamSearchDecoderStep"):
      cell_state = state.cell_state
      inputs = tf.nest.map_structure(
          lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs)
      cell_state = tf.nest.map_structure(
          self._maybe_merge_batch_beams, cell_state, self._cell.state_size)
      cell_outputs, next_cell_state = self._cell(inputs, cell_state)
      cell_outputs = tf.nest.map_structure(
          lambda out: self._split_batch_beams(out, out.shape[1:]), cell_outputs)
      next_cell_state = tf.nest.map_structure(
          self._maybe_split_batch_beams, next_cell_state, self._cell.state_size)
      if self._output_layer is not None:
        cell_outputs = self._output_layer(cell_outputs)
      cell_outputs = decoder.with_end_token_check(cell_outputs,
                                                     self._end_token)

      beam_search_output, beam_search_state = _beam_search_step(
          time=time, logits=cell_outputs, next_cell_state=next_cell_state,
          beam_state=state, batch_size=self._batch_size,
          beam_width=self._beam_width, end_token=self._end_token,
          length_penalty_weight=self._length_penalty_weight,
          coverage_penalty_weight=self._coverage_penalty_weight)

      finished = beam_search_state.finished
      sample_ids = beam_search_output.predicted_ids
      next_inputs = tf.cond(
          tf.reduce_all(finished), lambda: self._start_inputs,
          lambda: self._embedding_fn(sample_ids))
    return decoder.DecoderStep(beam_search_output, beam_search_state,
                               next_inputs, finished)


def _check_batch_beam(t, batch_size, beam_width):
  """An Assert that stacked `t` (`[time, rows, ...]`) splits into batch x beams.

  Its rows must be `batch_size * beam_width`, or (rank 3 and more) its next two
  dimensions `batch_size` and `beam_width`; checked when the graph runs, since
  the static shape may not tell.
  """
  message = ("TensorArray reordering expects elements to be reshapable to "
             "[batch_size, beam_size, -1] which is incompatible with the "
             "dynamic shape of %s elements. Consider setting "
             "reorder_tensor_arrays to False to disable TensorArray reordering "
             "during the beam search." % (t if tf.executing_eagerly() else t.name))
  shape = tf.shape(t)
  rows_match = tf.equal(shape[1], batch_size * beam_width)
  if t.shape.rank == 2:
    condition = rows_match
  else:
    condition = tf.logical_or(rows_match, tf.logical_and(
        tf.equal(shape[1], batch_size), tf.equal(shape[2], beam_width)))
  return tf.debugging.Assert(condition, [message])


def _size_shape(s):
  if isinstance(s, tf.Tensor):
    value = tf.get_static_value(s)
    return tf.TensorShape(None if value is None else value)
  try:
    return tf.TensorShape(s)
  except (TypeError, ValueError):
    return tf.TensorShape(None)


def _check_ndims(t):
  if t.shape.rank is None:
    raise ValueError("Expected tensor (%s) to have known rank, but ndims == None."
                     % t)


def _beam_search_step(time, logits, next_cell_state, beam_state, batch_size,
                      beam_width, end_token, length_penalty_weight,
                      coverage_penalty_weight):
  """One step of beam search over `[batch, beam_width, vocab]` `logits`.

  Returns:
    `(BeamSearchDecoderOutput, BeamSearchDecoderState)` for the step.
  """
  del time
  static_batch = decoder.static_batch_size(batch_size)
  prediction_lengths = beam_state.lengths
  previously_finished = beam_state.finished
  not_finished = tf.logical_not(previously_finished)

  step_log_probs = tf.nn.log_softmax(logits)
  step_log_probs = _mask_probs(step_log_probs, end_token, previously_finished)
  total_probs = tf.expand_dims(beam_state.log_probs, 2) + step_log_probs

  vocab_size = (tf.compat.dimension_value(logits.shape[-1]) or
                tf.shape(logits)[-1])
  lengths_to_add = tf.one_hot(
      tf.fill([batch_size, beam_width], end_token), depth=vocab_size,
      on_value=tf.constant(0, tf.int64), off_value=tf.constant(1, tf.int64),
      dtype=tf.int64)
  lengths_to_add *= tf.expand_dims(tf.cast(not_finished, tf.int64), 2)
  new_prediction_lengths = lengths_to_add + tf.expand_dims(prediction_lengths, 2)

  accumulated_attention_probs = None
  attention_probs = get_attention_probs(next_cell_state,
                                        coverage_penalty_weight)
  if attention_probs is not None:
    attention_probs *= tf.expand_dims(
        tf.cast(not_finished, attention_probs.dtype), 2)
    accumulated_attention_probs = (
        beam_state.accumulated_attention_probs + attention_probs)

  scores = _get_scores(
      log_probs=total_probs, sequence_lengths=new_prediction_lengths,
      length_penalty_weight=length_penalty_weight,
      coverage_penalty_weight=coverage_penalty_weight,
      finished=previously_finished,
      accumulated_attention_probs=accumulated_attention_probs)

  scores_flat = tf.reshape(scores, [batch_size, -1])
  next_beam_scores, word_indices = tf.math.top_k(scores_flat, k=beam_width)
  next_beam_scores.set_shape([static_batch, beam_width])
  word_indices.set_shape([static_batch, beam_width])

  next_beam_probs = _gather_beams(total_probs, word_indices, batch_size,
                                  beam_width * vocab_size, [-1])
  next_word_ids = tf.cast(tf.math.floormod(word_indices, vocab_size), tf.int32,
                          name="next_beam_word_ids")
  next_beam_ids = tf.cast(tf.math.floordiv(word_indices, vocab_size), tf.int32,
                          name="next_beam_parent_ids")

  previously_finished = _gather_beams(previously_finished, next_beam_ids,
                                      batch_size, beam_width, [-1])
  next_finished = tf.logical_or(previously_finished,
                                tf.equal(next_word_ids, end_token),
                                name="next_beam_finished")

  lengths_to_add = tf.cast(tf.logical_not(previously_finished), tf.int64)
  next_prediction_len = _gather_beams(beam_state.lengths, next_beam_ids,
                                      batch_size, beam_width, [-1])
  next_prediction_len += lengths_to_add

  next_accumulated_attention_probs = ()
  if accumulated_attention_probs is not None:
    next_accumulated_attention_probs = _gather_beams(
        accumulated_attention_probs, next_beam_ids, batch_size, beam_width,
        [batch_size * beam_width, -1])

  next_cell_state = tf.nest.map_structure(
      lambda gather_from: _maybe_gather_beams(gather_from, next_beam_ids,
                                              batch_size, beam_width),
      next_cell_state)

  next_state = BeamSearchDecoderState(
      cell_state=next_cell_state, log_probs=next_beam_probs,
      lengths=next_prediction_len, finished=next_finished,
      accumulated_attention_probs=next_accumulated_attention_probs)
  output = BeamSearchDecoderOutput(scores=next_beam_scores,
                                   predicted_ids=next_word_ids,
                                   parent_ids=next_beam_ids)
  return output, next_state


def get_attention_probs(next_cell_state, coverage_penalty_weight):
  """The alignments `[batch, beam, memory_time]` for the coverage penalty.

  Averaged over attention mechanisms and over `AttentionWrapperState`s found
  at the top of `next_cell_state` (itself, or the entries of a tuple). Returns
  None when the penalty is disabled.

  Raises:
    ValueError: if the penalty is enabled and no state is attentional.
  """
  if _is_zero(coverage_penalty_weight):
    return None
  probs_per_layer = []
  if isinstance(next_cell_state, attention_wrapper.AttentionWrapperState):
    probs_per_layer = [_attention_probs_from_state(next_cell_state)]
  elif isinstance(next_cell_state, tuple):
    for state in next_cell_state:
      if isinstance(state, attention_wrapper.AttentionWrapperState):
        probs_per_layer.append(_attention_probs_from_state(state))
  if not probs_per_layer:
    raise ValueError(
        "coverage_penalty_weight must be 0.0 if no cell is attentional.")
  if len(probs_per_layer) == 1:
    return probs_per_layer[0]
  return tf.reduce_mean(tf.stack(probs_per_layer, -1), -1)


def _attention_probs_from_state(attention_state):
  probs = attention_state.alignments
  if isinstance(probs, tuple):
    probs = tf.reduce_mean(tf.stack(probs, -1), -1)
  return probs


def _is_zero(weight):
  value = tf.get_static_value(weight) if isinstance(weight, tf.Tensor) else weight
  return value is not None and float(value) == 0.0


def _length_penalty(sequence_lengths, penalty_factor):
  """`((5 + length) / 6) ** penalty_factor` (GNMT), or 1.0 for a static 0."""
  penalty_factor = tf.convert_to_tensor(penalty_factor, name="penalty_factor")
  penalty_factor.set_shape(())
  if _is_zero(penalty_factor):
    return 1.0
  penalty_factor = tf.cast(penalty_factor, tf.float32)
  return tf.math.divide(
      (5. + tf.cast(sequence_lengths, tf.float32)) ** penalty_factor,
      (5. + 1.) ** penalty_factor)


def _get_scores(log_probs, sequence_lengths, length_penalty_weight,
                coverage_penalty_weight, finished, accumulated_attention_probs):
  """Length-normalized scores, plus the coverage penalty on finished beams."""
  length_penalty = tf.cast(
      _length_penalty(sequence_lengths, length_penalty_weight), log_probs.dtype)
  scores = log_probs / length_penalty
  coverage_penalty_weight = tf.convert_to_tensor(
      coverage_penalty_weight, name="coverage_penalty_weight")
  if coverage_penalty_weight.shape.rank != 0:
    raise ValueError("coverage_penalty_weight should be a scalar, but saw "
                     "shape: %s" % coverage_penalty_weight.shape)
  if _is_zero(coverage_penalty_weight):
    return scores
  if accumulated_attention_probs is None:
    raise ValueError("accumulated_attention_probs can be None only if coverage "
                     "penalty is disabled.")
  accumulated = tf.where(tf.equal(accumulated_attention_probs, 0.0),
                         tf.ones_like(accumulated_attention_probs),
                         accumulated_attention_probs)
  coverage_penalty = tf.reduce_sum(
      tf.math.log(tf.minimum(accumulated, 1.0)), 2)
  coverage_penalty *= tf.cast(finished, coverage_penalty.dtype)
  weighted = coverage_penalty * tf.cast(coverage_penalty_weight,
                                        coverage_penalty.dtype)
  return scores + tf.expand_dims(weighted, 2)


def _mask_probs(probs, eos_token, finished):
  """Finished beams: 0 at `eos_token`, the dtype's lowest value elsewhere."""
  vocab_size = tf.shape(probs)[2]
  finished_row = tf.one_hot(
      eos_token, vocab_size, dtype=probs.dtype,
      on_value=tf.constant(0., dtype=probs.dtype),
      off_value=tf.constant(probs.dtype.min, dtype=probs.dtype))
  finished_probs = tf.broadcast_to(finished_row, tf.shape(probs))
  finished_mask = tf.broadcast_to(tf.expand_dims(finished, 2), tf.shape(probs))
  return tf.where(finished_mask, finished_probs, probs)


def _maybe_gather_beams(gather_from, beam_indices, batch_size, beam_width):
  """Gathers `[batch, beam, ...]` state leaves by beam; others pass through."""
  if isinstance(gather_from, tf.TensorArray):
    return gather_from
  _check_ndims(gather_from)
  if gather_from.shape.rank >= 2:
    return _gather_beams(gather_from, beam_indices, batch_size, beam_width,
                         None)
  return gather_from


def _gather_beams(gather_from, indices, batch_size, range_size, gather_shape,
                  name=None):
  """Picks `gather_from[b, indices[b, k]]` for every `(b, k)`.

  `gather_from` is `[batch, range_size, ...]`, or `[batch, range_size]` flattened
  from more dimensions when `gather_shape == [-1]` (the `[batch, beam, vocab]`
  totals indexed by `beam * vocab + word`).
  """
  with tf.name_scope(name or "tensor_gather_helper"):
    if gather_shape == [-1]:
      flat = tf.reshape(gather_from, [batch_size, -1])
      output = tf.gather(flat, indices, batch_dims=1)
      output.set_shape(tf.TensorShape([decoder.static_batch_size(batch_size)])
                       .concatenate(indices.shape[1:]))
      return output
    del range_size
    output = tf.gather(gather_from, indices, batch_dims=1)
    output.set_shape(tf.TensorShape([decoder.static_batch_size(batch_size)])
                     .concatenate(gather_from.shape[1:]))
    return output
