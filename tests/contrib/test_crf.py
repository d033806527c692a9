"""contrib.crf: TF 1.15's crf_test cases (brute force over every tag sequence),
numpy recomputation, the `transitions` variable, errors at graph-build time."""

import itertools

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import crf

V1 = tf.compat.v1

# The fixtures of TF 1.15's crf_test.py.
TRANSITIONS = np.array([[-3, 5, -2], [3, 4, 1], [1, 2, 1]], dtype=np.float32)
INPUTS = np.array([[4, 5, -3], [3, -1, 3], [-1, 2, 1], [0, 0, 0]],
                  dtype=np.float32)
TAGS = np.array([1, 2, 1, 0], dtype=np.int32)


def _numpy_score(inputs, transitions, tags, length):
  unary = sum(inputs[i][tags[i]] for i in range(length))
  binary = sum(transitions[tags[i], tags[i + 1]] for i in range(length - 1))
  return unary + binary


def _run(build):
  graph = tf.Graph()
  with graph.as_default():
    fetches = build()
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      return session.run(fetches)


def _batch(*arrays):
  return [tf.expand_dims(a, 0) for a in arrays]


@pytest.mark.parametrize("inputs,tags,length", [
    (INPUTS, TAGS, 3), (INPUTS[:1], TAGS[:1], 1)])
def test_sequence_score_matches_tf_1_15s_test(inputs, tags, length):
  got = _run(lambda: crf.crf_sequence_score(
      *_batch(inputs, tags, np.array(length, np.int32)),
      transition_params=tf.constant(TRANSITIONS)))
  np.testing.assert_allclose(got[0], _numpy_score(inputs, TRANSITIONS, tags,
                                                  length))


@pytest.mark.parametrize("inputs,bitmap,length", [
    (INPUTS, np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 1]], bool), 3),
    (INPUTS[:1], np.array([[1, 1, 0]], bool), 1)])
def test_multitag_score_is_the_logsumexp_of_the_allowed_sequences(
    inputs, bitmap, length):
  got = _run(lambda: crf.crf_multitag_sequence_score(
      *_batch(inputs, bitmap, np.array(length, np.int32)),
      transition_params=tf.constant(TRANSITIONS)))
  allowed = [row.nonzero()[0] for row in bitmap[:length]]
  scores = [_numpy_score(inputs, TRANSITIONS, tags, length)
            for tags in itertools.product(*allowed)]
  np.testing.assert_allclose(got[0], np.logaddexp.reduce(scores), rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_unary_and_binary_scores(dtype):
  tags = TAGS.astype(dtype)
  unary, binary = _run(lambda: (
      crf.crf_unary_score(*_batch(tags, np.array(3, np.int32), INPUTS)),
      crf.crf_binary_score(*_batch(tags, np.array(3, np.int32)),
                           transition_params=tf.constant(TRANSITIONS))))
  assert unary[0] == sum(INPUTS[i][tags[i]] for i in range(3)) == 10
  assert binary[0] == TRANSITIONS[1, 2] + TRANSITIONS[2, 1] == 3


def _all_tag_sequences(num_words, length, num_tags=3):
  for tags in itertools.product(range(num_tags), repeat=length):
    yield list(tags) + [0] * (num_words - length)


@pytest.mark.parametrize("inputs,length_dtype,length", [
    (INPUTS, np.int32, 3), (INPUTS[1:2], np.int64, 1)])
def test_log_norm_is_the_brute_force_logsumexp(inputs, length_dtype, length):
  got = _run(lambda: crf.crf_log_norm(
      *_batch(inputs, np.array(length, length_dtype)),
      transition_params=tf.constant(TRANSITIONS)))
  scores = [_numpy_score(inputs, TRANSITIONS, tags, length)
            for tags in _all_tag_sequences(inputs.shape[0], length)]
  np.testing.assert_allclose(got[0], np.logaddexp.reduce(scores), rtol=1e-6)


def test_zero_lengths_give_zero_log_norm_and_still_decode():
  def build():
    inputs = tf.ones([2, 10, 5])
    transitions = tf.ones([5, 5])
    lengths = tf.zeros([2], tf.int32)
    return (crf.crf_log_norm(inputs, lengths, transitions),
            crf.crf_decode(inputs, transitions, lengths))
  log_norm, (tags, scores) = _run(build)
  np.testing.assert_array_equal(log_norm, [0.0, 0.0])
  assert tags.shape == (2, 10) and scores.shape == (2,)


def test_likelihoods_of_every_sequence_sum_to_one():
  def build():
    batch = [_all_tag_sequences(4, 3)]
    tags = tf.constant(list(batch[0]), tf.int32)
    count = tags.shape[0]
    inputs = tf.tile(tf.constant(INPUTS)[None], [count, 1, 1])
    likelihood, _ = crf.crf_log_likelihood(
        inputs, tags, tf.fill([count], 3), tf.constant(TRANSITIONS))
    return tf.reduce_logsumexp(likelihood)
  np.testing.assert_allclose(_run(build), 0.0, atol=1e-5)


def test_log_likelihood_creates_transitions_in_the_enclosing_scope():
  graph = tf.Graph()
  with graph.as_default():
    with V1.variable_scope("crf_layer"):
      likelihood, transitions = crf.crf_log_likelihood(
          tf.constant(INPUTS[None]), tf.constant(TAGS[None]), tf.constant([3]))
    assert [v.name for v in V1.trainable_variables()] == [
        "crf_layer/transitions:0"]
    assert transitions.shape.as_list() == [3, 3]
    grad, = tf.gradients(tf.reduce_sum(likelihood), [transitions])
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      transitions.load(TRANSITIONS, session)
      got, got_grad = session.run([likelihood, grad])
  scores = [_numpy_score(INPUTS, TRANSITIONS, tags, 3)
            for tags in _all_tag_sequences(4, 3)]
  want = _numpy_score(INPUTS, TRANSITIONS, TAGS, 3) - np.logaddexp.reduce(scores)
  np.testing.assert_allclose(got[0], want, rtol=1e-5)
  # d log p / d T = observed transitions - expected transitions.
  probabilities = np.exp(np.array(scores) - np.logaddexp.reduce(scores))
  expected = np.zeros([3, 3])
  for p, tags in zip(probabilities, _all_tag_sequences(4, 3)):
    for a, b in zip(tags[:2], tags[1:3]):
      expected[a, b] += p
  observed = np.zeros([3, 3])
  observed[1, 2] = observed[2, 1] = 1
  np.testing.assert_allclose(got_grad, observed - expected, atol=1e-5)


def test_viterbi_decode_finds_the_brute_force_best_sequence():
  sequences = list(_all_tag_sequences(4, 3))
  scores = [_numpy_score(INPUTS, TRANSITIONS, tags, 3) for tags in sequences]
  best = int(np.argmax(scores))
  tags, score = crf.viterbi_decode(INPUTS[:3], TRANSITIONS)
  assert tags == sequences[best][:3]
  np.testing.assert_allclose(score, scores[best])


@pytest.mark.parametrize("inputs,length", [(INPUTS, 3), (INPUTS[2:3], 1)])
def test_crf_decode_finds_the_brute_force_best_sequence(inputs, length):
  tags, score = _run(lambda: crf.crf_decode(
      tf.constant(inputs[None]), tf.constant(TRANSITIONS),
      tf.constant([length], tf.int64)))
  sequences = list(_all_tag_sequences(inputs.shape[0], length))
  scores = [_numpy_score(inputs, TRANSITIONS, t, length) for t in sequences]
  best = int(np.argmax(scores))
  assert list(tags[0][:length]) == sequences[best][:length]
  np.testing.assert_allclose(score[0], scores[best])


def test_crf_decode_of_a_batch_matches_viterbi_decode_row_by_row():
  rng = np.random.default_rng(0)
  potentials = rng.normal(size=[3, 6, 4]).astype(np.float32)
  transitions = rng.normal(size=[4, 4]).astype(np.float32)
  lengths = np.array([6, 2, 4], np.int32)
  graph = tf.Graph()
  with graph.as_default():
    placeholder = V1.placeholder(tf.float32, [None, None, 4])
    tags_op, score_op = crf.crf_decode(placeholder, tf.constant(transitions),
                                       tf.constant(lengths))
    with V1.Session(graph=graph) as session:
      tags, scores = session.run([tags_op, score_op],
                                 {placeholder: potentials})
  for row, length in enumerate(lengths):
    want_tags, want_score = crf.viterbi_decode(potentials[row, :length],
                                               transitions)
    assert list(tags[row, :length]) == want_tags
    np.testing.assert_allclose(scores[row], want_score, rtol=1e-6)


def test_forward_cell_step_is_a_logsumexp():
  rng = np.random.default_rng(1)
  alphas = rng.normal(size=[2, 3]).astype(np.float32)
  x = rng.normal(size=[2, 3]).astype(np.float32)
  cell_output = _run(lambda: crf.CrfForwardRnnCell(tf.constant(TRANSITIONS))(
      tf.constant(x), tf.constant(alphas))[0])
  want = x + np.log(np.exp(alphas[:, :, None] + TRANSITIONS[None]).sum(1))
  np.testing.assert_allclose(cell_output, want, rtol=1e-5)
  graph = tf.Graph()
  with graph.as_default():
    cell = crf.CrfForwardRnnCell(tf.constant(TRANSITIONS))
    assert isinstance(cell, rnn.RNNCell)
    assert cell.state_size == cell.output_size == 3
    assert crf.CrfDecodeBackwardRnnCell(3).state_size == 1


@pytest.mark.parametrize("call,message", [
    (lambda: crf.crf_log_likelihood(tf.zeros([2, 3]), tf.zeros([2, 3], tf.int32),
                                    tf.ones([2], tf.int32)),
     r"crf_log_likelihood: inputs must be `\[batch_size, max_seq_len, "
     r"num_tags\]`, got shape \(2, 3\)"),
    (lambda: crf.crf_sequence_score(tf.zeros([2, 3, 4]),
                                    tf.zeros([2, 3], tf.float32),
                                    tf.ones([2], tf.int32), tf.zeros([4, 4])),
     "crf_sequence_score: tag_indices must be int32 or int64, got float32"),
    (lambda: crf.crf_log_norm(tf.zeros([2, 3, 4]), tf.ones([2], tf.int32),
                              tf.zeros([3, 3])),
     r"crf_log_norm: transition_params must be `\[4, 4\]`"),
    (lambda: crf.crf_decode(tf.zeros([2, 3, 4]), tf.zeros([4, 4]),
                            tf.ones([2, 1], tf.int32)),
     "crf_decode: sequence_length must be `\\[batch_size\\]`, got shape"),
])
def test_bad_arguments_fail_at_graph_build_time(call, message):
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match=message):
      call()
