"""dynamic_decode: stopping, lengths, impute_finished, maximum_iterations, errors.

The model is a `BigramCell` fed one-hot tokens: from token 1 the greedy chain is
1 -> 3 -> 4 -> 0 (EOS), from 2 it is 2 -> 0, from 5 it is 5 -> 5 -> ... (never
stops), and after an EOS the argmax is 2. The cell's state counts its steps.
"""

import numpy as np
import pytest
import tensorflow as tf

from tests.seq2seq import testutil
from tf1_compat import seq2seq

V1 = tf.compat.v1
VOCAB, EOS = 6, 0
TABLE = testutil.greedy_table(VOCAB, {1: 3, 3: 4, 4: 0, 2: 0, 0: 2, 5: 5})


def _greedy(start_tokens, **decode_kwargs):
  cell = testutil.BigramCell(TABLE)
  batch = len(start_tokens)
  helper = seq2seq.GreedyEmbeddingHelper(np.eye(VOCAB, dtype=np.float32),
                                         tf.constant(start_tokens), EOS)
  decoder = seq2seq.BasicDecoder(cell, helper,
                                 cell.zero_state(batch, tf.float32))
  return seq2seq.dynamic_decode(decoder, **decode_kwargs)


def test_greedy_stops_per_sequence_and_lengths_include_eos():
  graph = tf.Graph()
  with graph.as_default():
    outputs, state, lengths = _greedy([1, 2])
  assert isinstance(outputs, seq2seq.BasicDecoderOutput)
  assert outputs.rnn_output.shape.as_list() == [2, None, VOCAB]
  assert outputs.sample_id.shape.as_list() == [2, None]
  assert outputs.sample_id.dtype == tf.int32
  assert lengths.shape.as_list() == [2] and lengths.dtype == tf.int32
  ids, got_lengths, counter = testutil.run(
      graph, [outputs.sample_id, lengths, state])
  # The loop ran until the longest row finished (3 steps), no further. Row 1
  # finished at its first step and, without impute_finished, kept decoding.
  np.testing.assert_array_equal(ids, [[3, 4, 0], [0, 2, 0]])
  np.testing.assert_array_equal(got_lengths, [3, 1])
  np.testing.assert_array_equal(counter, [[3], [3]])


def test_impute_finished_zeroes_outputs_and_freezes_state():
  graph = tf.Graph()
  with graph.as_default():
    outputs, state, lengths = _greedy([1, 2], impute_finished=True)
  logits, ids, got_lengths, counter = testutil.run(
      graph, [outputs.rnn_output, outputs.sample_id, lengths, state])
  np.testing.assert_array_equal(ids, [[3, 4, 0], [0, 0, 0]])
  np.testing.assert_array_equal(got_lengths, [3, 1])
  # The EOS step itself is emitted (row 1, step 0); later steps are zero.
  np.testing.assert_array_equal(logits[1, 0], TABLE[2])
  np.testing.assert_array_equal(logits[1, 1:], np.zeros([2, VOCAB]))
  np.testing.assert_array_equal(logits[0], TABLE[[1, 3, 4]])
  # The state stopped counting when the row finished.
  np.testing.assert_array_equal(counter, [[3], [1]])


def test_maximum_iterations_caps_the_loop():
  graph = tf.Graph()
  with graph.as_default():
    cap = V1.placeholder_with_default(4, [])
    outputs, state, lengths = _greedy([5, 1], maximum_iterations=cap)
  ids, got_lengths, counter = testutil.run(
      graph, [outputs.sample_id, lengths, state])
  np.testing.assert_array_equal(ids, [[5, 5, 5, 5], [3, 4, 0, 2]])
  # A row that never finished gets the number of steps run.
  np.testing.assert_array_equal(got_lengths, [4, 3])
  np.testing.assert_array_equal(counter, [[4], [4]])
  ids2, lengths2 = testutil.run(graph, [outputs.sample_id, lengths],
                                feed_dict={cap: 2})
  np.testing.assert_array_equal(ids2, [[5, 5], [3, 4]])
  np.testing.assert_array_equal(lengths2, [2, 2])


def test_non_positive_maximum_iterations_runs_no_step():
  graph = tf.Graph()
  with graph.as_default():
    outputs, state, lengths = _greedy([1, 2], maximum_iterations=0)
  logits, got_lengths, counter = testutil.run(
      graph, [outputs.rnn_output, lengths, state])
  assert logits.shape == (2, 0, VOCAB)
  np.testing.assert_array_equal(got_lengths, [0, 0])
  np.testing.assert_array_equal(counter, [[0], [0]])


def test_output_time_major():
  graph = tf.Graph()
  with graph.as_default():
    outputs, _, _ = _greedy([1, 2], output_time_major=True)
  assert outputs.rnn_output.shape.as_list() == [None, 2, VOCAB]
  ids = testutil.run(graph, outputs.sample_id)
  np.testing.assert_array_equal(ids, [[3, 0], [4, 2], [0, 0]])


def test_decode_scope_is_uniquified_and_can_be_named():
  graph = tf.Graph()
  with graph.as_default():
    first = _greedy([1])[2]
    second = _greedy([1])[2]
    named = _greedy([1], scope="infer")[2]
  assert first.name.startswith("decoder/")
  assert second.name.startswith("decoder_1/")
  assert named.name.startswith("infer/")


def test_inference_helper_that_can_never_finish_needs_maximum_iterations():
  """`end_fn` that is statically always False would loop forever."""
  def build(**kwargs):
    cell = testutil.BigramCell(TABLE)
    helper = seq2seq.InferenceHelper(
        sample_fn=lambda logits: tf.argmax(logits, -1, output_type=tf.int32),
        sample_shape=[], sample_dtype=tf.int32,
        start_inputs=tf.one_hot([1, 2], VOCAB),
        end_fn=lambda ids: tf.zeros([2], tf.bool),
        next_inputs_fn=lambda ids: tf.one_hot(ids, VOCAB))
    decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(2, tf.float32))
    return seq2seq.dynamic_decode(decoder, **kwargs)

  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="pass maximum_iterations"):
      build()
  graph = tf.Graph()
  with graph.as_default():
    outputs, _, lengths = build(maximum_iterations=3)
  ids, got_lengths = testutil.run(graph, [outputs.sample_id, lengths])
  np.testing.assert_array_equal(ids, [[3, 4, 0], [0, 2, 0]])
  np.testing.assert_array_equal(got_lengths, [3, 3])


def test_bad_arguments():
  with tf.Graph().as_default():
    with pytest.raises(TypeError, match="Decoder"):
      seq2seq.dynamic_decode(object())
    with pytest.raises(ValueError, match="maximum_iterations must be a scalar"):
      _greedy([1], maximum_iterations=[3])


class _CountdownDecoder(seq2seq.Decoder):
  """Emits `time` and finishes row b after `stops[b]` steps; no finalize."""

  def __init__(self, stops):
    self._stops = tf.constant(stops)

  @property
  def batch_size(self):
    return tf.size(self._stops)

  @property
  def output_size(self):
    return tf.TensorShape([])

  @property
  def output_dtype(self):
    return tf.int32

  def initialize(self, name=None):
    zeros = tf.zeros_like(self._stops)
    return tf.equal(self._stops, 0), zeros, zeros

  def step(self, time, inputs, state, name=None):
    outputs = tf.fill(tf.shape(self._stops), time)
    return outputs, state + 1, inputs, time + 1 >= self._stops


def test_user_decoder_subclass_and_abstract_methods():
  class Incomplete(seq2seq.Decoder):  # pylint: disable=abstract-method
    def initialize(self, name=None):
      return None

  with pytest.raises(TypeError, match="abstract"):
    Incomplete()  # pylint: disable=abstract-class-instantiated
  graph = tf.Graph()
  with graph.as_default():
    outputs, state, lengths = seq2seq.dynamic_decode(
        _CountdownDecoder([2, 0, 4]), impute_finished=True)
  got, got_state, got_lengths = testutil.run(graph, [outputs, state, lengths])
  np.testing.assert_array_equal(got, [[0, 1, 0, 0], [0, 0, 0, 0], [0, 1, 2, 3]])
  np.testing.assert_array_equal(got_state, [2, 0, 4])
  np.testing.assert_array_equal(got_lengths, [2, 0, 4])
