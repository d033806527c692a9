"""Helpers under BasicDecoder: teacher forcing, sampling, scheduling, bad input."""

import numpy as np
import pytest
import tensorflow as tf

from tests.seq2seq import testutil
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat import seq2seq

V1 = tf.compat.v1
VOCAB, EOS = 6, 0
TABLE = testutil.greedy_table(VOCAB, {1: 3, 3: 4, 4: 0, 2: 0, 0: 2, 5: 5})
EYE = np.eye(VOCAB, dtype=np.float32)


def _decode(cell, helper, batch, output_layer=None, **kwargs):
  decoder = seq2seq.BasicDecoder(cell, helper,
                                 cell.zero_state(batch, tf.float32),
                                 output_layer=output_layer)
  return seq2seq.dynamic_decode(decoder, **kwargs)


class TestTrainingHelper:

  @pytest.mark.parametrize("time_major", [False, True])
  def test_reproduces_a_hand_unrolled_cell_loop(self, time_major):
    """Every step is fed the ground truth: outputs equal calling the cell (and
    the output layer) step by step, for all max(length) steps."""
    rng = np.random.default_rng(0)
    lengths = np.array([4, 2, 3], np.int32)
    inputs = rng.normal(size=[3, 4, 5]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(1)
      cell = rnn.BasicLSTMCell(7)
      dense = layers.Dense(VOCAB)
      fed = inputs.transpose(1, 0, 2) if time_major else inputs
      helper = seq2seq.TrainingHelper(tf.constant(fed), lengths,
                                      time_major=time_major)
      outputs, final_state, decoded_lengths = _decode(
          cell, helper, 3, output_layer=dense, output_time_major=time_major)
      state = cell.zero_state(3, tf.float32)
      by_hand = []
      for t in range(4):
        out, state = cell(tf.constant(inputs[:, t]), state)
        by_hand.append(dense(out))
      by_hand = tf.stack(by_hand, 0 if time_major else 1)
    got, expected, got_lengths, got_state, hand_state, ids = testutil.run(
        graph, [outputs.rnn_output, by_hand, decoded_lengths, final_state,
                state, outputs.sample_id])
    assert got.shape == ((4, 3, VOCAB) if time_major else (3, 4, VOCAB))
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(got_lengths, lengths)
    np.testing.assert_allclose(got_state, hand_state, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(ids, np.argmax(expected, -1))

  def test_impute_finished_keeps_state_at_each_length(self):
    rng = np.random.default_rng(1)
    lengths = np.array([3, 1, 0], np.int32)
    inputs = rng.normal(size=[3, 3, 4]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      cell = rnn.GRUCell(5)
      helper = seq2seq.TrainingHelper(inputs, lengths)
      outputs, final_state, _ = _decode(cell, helper, 3, impute_finished=True)
      state = cell.zero_state(3, tf.float32)
      states = [state]
      for t in range(3):
        _, state = cell(tf.constant(inputs[:, t]), state)
        states.append(state)
    got, got_state, all_states = testutil.run(
        graph, [outputs.rnn_output, final_state, states])
    for row, length in enumerate(lengths):
      np.testing.assert_allclose(got_state[row], all_states[length][row],
                                 rtol=1e-6, atol=1e-6)
      np.testing.assert_array_equal(got[row, length:], 0.0)
      assert np.all(got[row, :length] != 0.0)

  def test_all_rows_empty_runs_no_step(self):
    graph = tf.Graph()
    with graph.as_default():
      helper = seq2seq.TrainingHelper(tf.ones([2, 3, 4]), [0, 0])
      outputs, _, lengths = _decode(rnn.GRUCell(5), helper, 2)
    got, got_lengths = testutil.run(graph, [outputs.rnn_output, lengths])
    assert got.shape == (2, 0, 5)
    np.testing.assert_array_equal(got_lengths, [0, 0])

  def test_sequence_length_must_be_a_vector(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="vector"):
        seq2seq.TrainingHelper(tf.ones([2, 3, 4]), [[3, 3]])


def _greedy(embedding, start_tokens, end_token=EOS, helper_cls=None, **kw):
  helper_cls = helper_cls or seq2seq.GreedyEmbeddingHelper
  helper = helper_cls(embedding, tf.constant(start_tokens, tf.int32),
                      end_token, **kw)
  cell = testutil.BigramCell(TABLE)
  return _decode(cell, helper, len(start_tokens), maximum_iterations=5)


class TestEmbeddingHelpers:

  def test_greedy_with_matrix_or_callable_embedding(self):
    graph = tf.Graph()
    with graph.as_default():
      by_matrix = _greedy(EYE, [1, 2, 4])
      by_callable = _greedy(lambda ids: tf.one_hot(ids, VOCAB), [1, 2, 4])
    (ids, lengths), (ids2, lengths2) = testutil.run(
        graph, [[by_matrix.final_outputs.sample_id,
                 by_matrix.final_sequence_lengths],
                [by_callable.final_outputs.sample_id,
                 by_callable.final_sequence_lengths]])
    np.testing.assert_array_equal(ids, [[3, 4, 0], [0, 2, 0], [0, 2, 0]])
    np.testing.assert_array_equal(lengths, [3, 1, 1])
    np.testing.assert_array_equal(ids2, ids)
    np.testing.assert_array_equal(lengths2, lengths)

  def test_sampling_follows_softmax_over_temperature(self):
    """First-step draws from `softmax(logits / T)`: frequencies within 5 sigma."""
    logits = np.array([0.0, 1.0, 2.0, -1.0], np.float32)
    table = np.tile(logits, [4, 1])
    batch, temperature = 4000, 2.0
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(7)
      cell = testutil.BigramCell(table)
      helper = seq2seq.SampleEmbeddingHelper(
          np.eye(4, dtype=np.float32), tf.zeros([batch], tf.int32), 3,
          softmax_temperature=temperature, seed=11)
      outputs, _, _ = _decode(cell, helper, batch, maximum_iterations=1)
    ids = testutil.run(graph, outputs.sample_id)[:, 0]
    expected = testutil.softmax(logits / temperature)
    counts = np.bincount(ids, minlength=4) / batch
    sigma = np.sqrt(expected * (1 - expected) / batch)
    assert np.all(np.abs(counts - expected) < 5 * sigma), (counts, expected)
    # Temperature 2 is visibly flatter than the plain softmax.
    assert counts[2] < testutil.softmax(logits)[2] - 10 * sigma[2]

  def test_sampling_with_seeds_is_reproducible(self):
    def draw():
      graph = tf.Graph()
      with graph.as_default():
        V1.set_random_seed(3)
        out = _greedy(EYE, [1] * 50, helper_cls=seq2seq.SampleEmbeddingHelper,
                      seed=5)
      return testutil.run(graph, out.final_outputs.sample_id)
    first, second = draw(), draw()
    np.testing.assert_array_equal(first, second)
    assert len(np.unique(first[:, 0])) > 1  # it really sampled

  def test_inference_helper_with_custom_functions(self):
    graph = tf.Graph()
    with graph.as_default():
      helper = seq2seq.InferenceHelper(
          sample_fn=lambda logits: tf.argmax(logits, -1, output_type=tf.int32),
          sample_shape=[], sample_dtype=tf.int32,
          start_inputs=tf.one_hot([1, 2], VOCAB),
          end_fn=lambda ids: tf.equal(ids, EOS),
          next_inputs_fn=lambda ids: tf.one_hot(ids, VOCAB))
      outputs, _, lengths = _decode(testutil.BigramCell(TABLE), helper, 2)
    ids, got_lengths = testutil.run(graph, [outputs.sample_id, lengths])
    np.testing.assert_array_equal(ids, [[3, 4, 0], [0, 2, 0]])
    np.testing.assert_array_equal(got_lengths, [3, 1])

  def test_bad_start_and_end_token_shapes(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="start_tokens must be a vector"):
        seq2seq.GreedyEmbeddingHelper(EYE, [[1]], EOS)
      with pytest.raises(ValueError, match="end_token must be a scalar"):
        seq2seq.GreedyEmbeddingHelper(EYE, [1], [EOS])


class TestEndTokenOutOfRange:
  """An end_token the model can never emit would make decoding endless."""

  @pytest.mark.parametrize("end_token", [VOCAB, -1])
  def test_static_embedding_matrix(self, end_token):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="end_token .* out of range"):
        seq2seq.GreedyEmbeddingHelper(EYE, [1], end_token)

  def test_static_logits_with_callable_embedding(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="logits' last dimension of size 6"):
        _greedy(lambda ids: tf.one_hot(ids, VOCAB), [1], end_token=9)

  def test_runtime_end_token_fails_the_first_step_instead_of_hanging(self):
    graph = tf.Graph()
    with graph.as_default():
      end_token = V1.placeholder(tf.int32, [])
      helper = seq2seq.GreedyEmbeddingHelper(
          lambda ids: tf.one_hot(ids, VOCAB), [1, 2], end_token)
      outputs, _, lengths = _decode(testutil.BigramCell(TABLE), helper, 2)
    got_lengths = testutil.run(graph, lengths, feed_dict={end_token: EOS})
    np.testing.assert_array_equal(got_lengths, [3, 1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="end_token is out of range"):
      testutil.run(graph, outputs.sample_id, feed_dict={end_token: 17})


class TestScheduledHelpers:

  def _teacher_forced(self, build_helper):
    """Decodes the BigramCell on fixed one-hot inputs with two helpers."""
    inputs = np.eye(VOCAB, dtype=np.float32)[[[1, 1, 1, 1], [2, 5, 5, 5]]]
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(2)
      plain = _decode(testutil.BigramCell(TABLE),
                      seq2seq.TrainingHelper(inputs, [4, 3]), 2)
      scheduled = _decode(testutil.BigramCell(TABLE),
                          build_helper(inputs, [4, 3]), 2)
    return testutil.run(graph, [plain.final_outputs, scheduled.final_outputs])

  def test_embedding_scheduling_probability_zero_is_teacher_forcing(self):
    plain, scheduled = self._teacher_forced(
        lambda x, n: seq2seq.ScheduledEmbeddingTrainingHelper(
            x, n, EYE, sampling_probability=0.0, seed=1))
    np.testing.assert_array_equal(scheduled.rnn_output, plain.rnn_output)
    np.testing.assert_array_equal(scheduled.sample_id, -1)

  def test_embedding_scheduling_probability_one_feeds_sampled_ids(self):
    """With near-deterministic logits, sampling follows the greedy chain."""
    table = TABLE * 10  # logit gaps of 50: sampling is argmax in practice
    inputs = np.eye(VOCAB, dtype=np.float32)[[[1, 1, 1, 1], [2, 5, 5, 5]]]
    graph = tf.Graph()
    with graph.as_default():
      helper = seq2seq.ScheduledEmbeddingTrainingHelper(
          inputs, [4, 3], EYE, sampling_probability=tf.constant([1.0, 1.0]),
          seed=1, scheduling_seed=2)
      outputs, _, _ = _decode(testutil.BigramCell(table), helper, 2)
    ids, logits = testutil.run(graph, [outputs.sample_id, outputs.rnn_output])
    np.testing.assert_array_equal(ids, [[3, 4, 0, 2], [0, 2, 0, 2]])
    # Step t+1 saw the sampled id of step t, not the ground truth 1 / 5.
    np.testing.assert_array_equal(logits[0, 1:], table[[3, 4, 0]])

  def test_output_scheduling(self):
    plain, never = self._teacher_forced(
        lambda x, n: seq2seq.ScheduledOutputTrainingHelper(
            x, n, sampling_probability=0.0))
    np.testing.assert_array_equal(never.rnn_output, plain.rnn_output)
    np.testing.assert_array_equal(never.sample_id, 0)
    for next_inputs_fn in (None, tf.nn.softmax):
      _, always = self._teacher_forced(
          lambda x, n, fn=next_inputs_fn: seq2seq.ScheduledOutputTrainingHelper(
              x, n, sampling_probability=1.0, next_inputs_fn=fn))
      np.testing.assert_array_equal(always.sample_id[:, :3], 1)
      # Step t+1 is fed step t's output (or its softmax) instead of the truth.
      feed = always.rnn_output[:, :-1]
      if next_inputs_fn is not None:
        feed = testutil.softmax(feed)
      np.testing.assert_allclose(always.rnn_output[0, 1:], feed[0] @ TABLE,
                                 rtol=1e-5, atol=1e-5)

  def test_output_scheduling_with_auxiliary_inputs(self):
    """Auxiliary inputs are concatenated to the truth and to fed outputs."""
    inputs = np.eye(VOCAB, dtype=np.float32)[[[1, 1, 1], [2, 5, 5]]]
    auxiliary = np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2)
    table = np.concatenate([TABLE, np.ones([2, VOCAB], np.float32)], 0)
    graph = tf.Graph()
    with graph.as_default():
      never = _decode(testutil.BigramCell(table),
                      seq2seq.ScheduledOutputTrainingHelper(
                          inputs, [3, 3], 0.0, auxiliary_inputs=auxiliary), 2)
      always = _decode(testutil.BigramCell(table),
                       seq2seq.ScheduledOutputTrainingHelper(
                           inputs, [3, 3], 1.0, auxiliary_inputs=auxiliary), 2)
    never, always = testutil.run(graph, [never.final_outputs.rnn_output,
                                         always.final_outputs.rnn_output])
    truth = np.concatenate([inputs, auxiliary], -1)
    np.testing.assert_allclose(never, truth @ table, rtol=1e-6)
    fed = np.concatenate([always[:, :-1], auxiliary[:, 1:]], -1)
    np.testing.assert_allclose(always[:, 1:], fed @ table, rtol=1e-5)

  def test_sampling_probability_rank_is_checked(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="scalar or a vector"):
        seq2seq.ScheduledOutputTrainingHelper(tf.ones([2, 3, 4]), [3, 3],
                                              tf.ones([2, 2]))


class TestCustomHelper:

  def test_batch_size_only_after_initialize(self):
    with tf.Graph().as_default():
      helper = seq2seq.CustomHelper(
          initialize_fn=lambda: (tf.zeros([3], tf.bool), tf.zeros([3, 2])),
          sample_fn=lambda time, outputs, state: tf.zeros([3], tf.int32),
          next_inputs_fn=lambda time, outputs, state, sample_ids: (
              tf.ones([3], tf.bool), tf.zeros([3, 2]), state))
      with pytest.raises(ValueError, match="before initialize"):
        helper.batch_size  # pylint: disable=pointless-statement
      helper.initialize()
      assert tf.get_static_value(helper.batch_size) == 3
      assert helper.sample_ids_shape == tf.TensorShape([])
      assert helper.sample_ids_dtype == tf.int32

  def test_custom_teacher_forcing_equals_training_helper(self):
    inputs = np.eye(VOCAB, dtype=np.float32)[[[1, 3, 4], [2, 2, 2]]]
    graph = tf.Graph()
    with graph.as_default():
      helper = seq2seq.CustomHelper(
          initialize_fn=lambda: (tf.zeros([2], tf.bool), inputs[:, 0]),
          sample_fn=lambda time, outputs, state: tf.argmax(
              outputs, -1, output_type=tf.int32),
          next_inputs_fn=lambda time, outputs, state, sample_ids: (
              tf.fill([2], time + 1 >= 3),
              tf.gather(tf.constant(inputs), tf.minimum(time + 1, 2), axis=1),
              state))
      custom = _decode(testutil.BigramCell(TABLE), helper, 2)
      plain = _decode(testutil.BigramCell(TABLE),
                      seq2seq.TrainingHelper(inputs, [3, 3]), 2)
    custom, plain = testutil.run(graph, [custom.final_outputs,
                                         plain.final_outputs])
    np.testing.assert_array_equal(custom.rnn_output, plain.rnn_output)
    np.testing.assert_array_equal(custom.sample_id, plain.sample_id)


def test_tf1_samplers_shapes_and_frequencies():
  from tf1_compat.seq2seq import helper as helper_lib  # pylint: disable=import-outside-toplevel
  graph = tf.Graph()
  with graph.as_default():
    tf.compat.v1.set_random_seed(5)
    # Class 2 of 3 has almost all the mass; probability 0.25 per Bernoulli.
    logits = tf.constant([[0., 0., 9.], [9., 0., 0.]])
    categorical = helper_lib.categorical_sample(logits, sample_shape=[2000])
    scalar_draw = helper_lib.categorical_sample(logits)
    bernoulli = helper_lib.bernoulli_sample(probs=[0.25, 0.75],
                                            sample_shape=(4, 500), seed=1)
    from_logits = helper_lib.bernoulli_sample(logits=[0.], dtype=tf.bool,
                                              sample_shape=4000, seed=2)
  assert categorical.shape.as_list() == [2000, 2]
  assert scalar_draw.shape.as_list() == [2]
  assert bernoulli.shape.as_list() == [4, 500, 2]
  cat, draw, bern, logit_draws = testutil.run(
      graph, [categorical, scalar_draw, bernoulli, from_logits], init=False)
  assert (cat[:, 0] == 2).mean() > 0.99 and (cat[:, 1] == 0).mean() > 0.99
  assert list(draw) == [2, 0]
  np.testing.assert_allclose(bern.reshape(-1, 2).mean(0), [0.25, 0.75], atol=0.04)
  assert logit_draws.dtype == bool and abs(logit_draws.mean() - 0.5) < 0.04
